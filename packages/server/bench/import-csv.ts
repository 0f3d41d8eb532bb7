/**
 * A Cognito user-import CSV made row by row as a reader pulls it, so neither the benchmark nor the
 * tests hold the file: `count` users `bulk<i>` with a verified email and a 180-character address.
 */
export function importCsvStream(
  header: string[],
  count: number,
  prefix = 'bulk',
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const filler = 'x'.repeat(180);
  let i = -1;
  return new ReadableStream({
    pull(controller) {
      if (i === -1) {
        controller.enqueue(encoder.encode(`${header.join(',')}\n`));
        i = 0;
        return;
      }
      const lines: string[] = [];
      for (const end = Math.min(i + 1000, count); i < end; i++) {
        const values: Record<string, string> = {
          'cognito:username': `${prefix}${i}`,
          'cognito:mfa_enabled': 'false',
          email: `${prefix}${i}@example.com`,
          email_verified: 'true',
          address: `${i} ${filler}`,
        };
        lines.push(header.map((c) => values[c] ?? '').join(','));
      }
      controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      if (i >= count) controller.close();
    },
  });
}
