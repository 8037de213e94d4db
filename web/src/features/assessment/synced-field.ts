import { useEffect, useRef, useState } from 'react';

/**
 * A field the user types into, backed by the device's store. It shows what
 * the user typed at once; a change arriving from elsewhere (a pull, another
 * tab) is adopted only when the user has nothing of their own waiting to save.
 */
export function useSyncedField<T>(stored: T, save: (v: T) => void): [T, (v: T) => void] {
  const [value, setValue] = useState(stored);
  const pending = useRef(false);
  useEffect(() => {
    if (Object.is(stored, value) || JSON.stringify(stored) === JSON.stringify(value))
      pending.current = false;
    else if (!pending.current) setValue(stored);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only store changes should trigger adoption
  }, [stored]);
  return [
    value,
    (v: T) => {
      pending.current = true;
      setValue(v);
      save(v);
    },
  ];
}
