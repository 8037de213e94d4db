import { useCallback, useEffect, useRef, useState } from 'react';

const same = (a: unknown, b: unknown) => Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);

/**
 * A field the user types into, backed by the device's store. It shows what
 * the user typed at once. A change arriving from elsewhere (a pull, another
 * tab) is adopted only when the stored value really changed and the user has
 * nothing of their own waiting to save; re-renders never overwrite the field.
 */
export function useSyncedField<T>(stored: T, save: (v: T) => void): [T, (v: T) => void] {
  const [value, setValue] = useState(stored);
  const pending = useRef(false);
  const lastStored = useRef(stored);
  // The latest save, so the setter below can stay the same function across renders
  // (a memoised field then re-renders only when its own value changes).
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  useEffect(() => {
    if (same(stored, lastStored.current)) return;
    lastStored.current = stored;
    setValue((current) => {
      if (same(stored, current)) {
        pending.current = false;
        return current;
      }
      return pending.current ? current : stored;
    });
  }, [stored]);
  const set = useCallback((v: T) => {
    pending.current = true;
    setValue(v);
    saveRef.current(v);
  }, []);
  return [value, set];
}
