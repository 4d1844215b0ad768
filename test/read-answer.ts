/**
 * The text of an answer, for tests that walk every route. A live stream
 * (`text/event-stream`) never ends, so what it shows is its first chunk: the current
 * state it sends at once. Anything else is read whole.
 */
export async function readAnswer(res: Response): Promise<string> {
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) return res.text();
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(value);
}
