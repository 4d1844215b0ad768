/** Option parsers: a bad value stops the command with commander's one-line message. */
import { InvalidArgumentError } from 'commander';

export function positiveInt(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`Ange ett heltal 1–${max}.`);
    return n;
  };
}

export function uuid(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new InvalidArgumentError('Ange ett id som 3f2b1c4e-…  (se listan).');
  return value.toLowerCase();
}
