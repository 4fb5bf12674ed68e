import { ShoalClient, type RetryOptions } from '@shoal/client';
import type { CliContext } from './cli-context';
import { DEFAULT_URL } from './command-args';

/** The client a command uses: `--url`/`$SHOAL_URL` and `--api-key`/`$SHOAL_API_KEY`, flags first. */
export function connect(values: { url?: string; 'api-key'?: string }, context: CliContext, retry?: Partial<RetryOptions>): ShoalClient {
  const baseUrl = values.url ?? context.env.SHOAL_URL ?? DEFAULT_URL;
  const apiKey = values['api-key'] ?? context.env.SHOAL_API_KEY;
  return new ShoalClient({ baseUrl, apiKey: apiKey || undefined, retry });
}
