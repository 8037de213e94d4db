/**
 * Who runs the service and how to reach them, for the footer's pages. The
 * last answer is kept in localStorage, so the accessibility statement and the
 * contact page still name the contact on a tablet that is offline.
 */
import { useEffect, useState } from 'react';
import { ServiceInfoSchema, type ServiceInfo } from '@s11/shared';
import { send } from './client';

const KEY = 's11-service-info';

function remembered(): ServiceInfo | null {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
    const parsed = raw === null ? null : ServiceInfoSchema.safeParse(JSON.parse(raw));
    return parsed?.success ? parsed.data : null;
  } catch {
    return null; // storage refused or a damaged entry: ask the server again
  }
}

/**
 * The operator's name and contact address: `undefined` while asking with
 * nothing remembered, `null` when neither the server nor this device knows.
 */
export function useServiceInfo(): ServiceInfo | null | undefined {
  const [info, setInfo] = useState<ServiceInfo | null | undefined>(() => remembered() ?? undefined);
  useEffect(() => {
    let live = true;
    send('service.info')
      .then((answer) => {
        if (!live) return;
        setInfo(answer);
        try {
          localStorage.setItem(KEY, JSON.stringify(answer));
        } catch {
          // a full or locked-down storage: the page still shows this answer
        }
      })
      .catch(() => {
        if (live) setInfo((known) => known ?? null);
      });
    return () => {
      live = false;
    };
  }, []);
  return info;
}
