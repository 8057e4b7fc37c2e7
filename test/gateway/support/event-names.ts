/** The `event:` names of a Server-Sent Events stream, as they arrive (resolves once connected). */
export async function eventNames(url: string, apiKey: string): Promise<{ names: string[]; until(name: string): Promise<void>; close(): void }> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` }, signal: abort.signal });
  const names: string[] = [];
  let arrived: () => void = () => undefined;
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += chunk.value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith(':')) connected();
          const name = /^event: (.*)$/m.exec(frame)?.[1];
          if (name !== undefined) names.push(name);
          arrived();
        }
      }
    } catch {
      // closed
    }
  })();
  await ready;
  return {
    names,
    async until(name) {
      while (!names.includes(name)) await new Promise<void>((resolve) => (arrived = resolve));
    },
    close: () => abort.abort(),
  };
}
