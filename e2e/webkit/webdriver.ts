/**
 * A thin W3C WebDriver client (plain HTTP), enough to drive WebKitGTK's
 * WebKitWebDriver: Playwright cannot, as it needs its own WebKit build.
 * https://www.w3.org/TR/webdriver2/
 */
export class WebDriverError extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(`${error}: ${message}`);
  }
}

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
type ElementRef = { [ELEMENT]: string };

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as { value: T & { error?: string; message?: string } };
  if (!res.ok)
    throw new WebDriverError(json.value.error ?? String(res.status), json.value.message ?? '');
  return json.value;
}

export class Session {
  private constructor(
    private readonly driver: string,
    readonly id: string,
  ) {}

  /** A new browser (the binary WebKitWebDriver launches, with its arguments). */
  static async start(driver: string, binary: string, args: string[] = []): Promise<Session> {
    const v = await call<{ sessionId: string }>(driver, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary, args } } },
    });
    return new Session(driver, v.sessionId);
  }

  private cmd<T>(method: string, path: string, body?: unknown): Promise<T> {
    return call<T>(this.driver, method, `/session/${this.id}${path}`, body);
  }

  /** Ends the session: the browser quits. */
  async quit(): Promise<void> {
    await call(this.driver, 'DELETE', `/session/${this.id}`);
  }

  async go(url: string): Promise<void> {
    await this.cmd('POST', '/url', { url });
  }

  url(): Promise<string> {
    return this.cmd<string>('GET', '/url');
  }

  /** The browser's Back button. */
  async back(): Promise<void> {
    await this.cmd('POST', '/back', {});
  }

  async refresh(): Promise<void> {
    await this.cmd('POST', '/refresh', {});
  }

  /** Runs a function body in the page; `arguments` holds args. */
  run<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.cmd<T>('POST', '/execute/sync', { script, args });
  }

  /** Runs a function body in the page that calls `arguments[arguments.length - 1](result)`. */
  runAsync<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.cmd<T>('POST', '/execute/async', { script, args });
  }

  async find(css: string): Promise<string> {
    const ref = await this.cmd<ElementRef>('POST', '/element', {
      using: 'css selector',
      value: css,
    });
    return ref[ELEMENT];
  }

  async click(css: string): Promise<void> {
    await this.cmd('POST', `/element/${await this.find(css)}/click`, {});
  }

  /** Types into the element (focused first, caret at the end), as keystrokes. */
  async type(css: string, text: string): Promise<void> {
    await this.cmd('POST', `/element/${await this.find(css)}/value`, { text });
  }

  window(): Promise<string> {
    return this.cmd<string>('GET', '/window');
  }

  async newTab(): Promise<string> {
    return (await this.cmd<{ handle: string }>('POST', '/window/new', { type: 'tab' })).handle;
  }

  /** Closes the current tab (the page goes away as when the user closes it). */
  async closeTab(): Promise<void> {
    await this.cmd('DELETE', '/window');
  }

  async switchTo(handle: string): Promise<void> {
    await this.cmd('POST', '/window', { handle });
  }
}
