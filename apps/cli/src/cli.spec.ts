import { ApiErrorCode } from '@shoal/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from './cli';
import { memoryContext } from './testing/memory-context';

describe('runCli', () => {
  it('prints the root help on --help (exit 0) and without a command (stderr, exit 2)', async () => {
    const help = memoryContext();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.stdout.text).toMatch(/^Usage: shoal <command>/);
    for (const name of ['up', 'collections', 'import', 'search', 'train', 'status', 'bench']) expect(help.stdout.text).toContain(`  ${name} `);
    const none = memoryContext();
    expect(await runCli([], none)).toBe(2);
    expect(none.stderr.text).toMatch(/^Usage: shoal <command>/);
  });

  it.each(['up', 'collections', 'import', 'search', 'train', 'status', 'bench'])('prints the help of %s, whatever else the line holds', async (name) => {
    const context = memoryContext();
    expect(await runCli([name, 'x', '--bogus', '--help'], context)).toBe(0);
    expect(context.stdout.text).toMatch(new RegExp(`^Usage: shoal ${name}`));
    expect(context.stderr.text).toBe('');
  });

  it('refuses an unknown command, flag, subcommand or value in one line with exit 2', async () => {
    const cases: [string[], string][] = [
      [['serve'], "shoal: unknown command 'serve' (commands: up, collections, import, search, train, status, bench; see shoal --help)\n"],
      [['status', '--verbose'], "shoal: Unknown option '--verbose' (see shoal status --help)\n"],
      [['collections', 'rename'], "shoal: unknown subcommand 'collections rename' (see shoal collections --help)\n"],
      [['collections', 'toString'], "shoal: unknown subcommand 'collections toString' (see shoal collections --help)\n"],
      [['search', 'docs', '--vector', '[1, "a"]'], "shoal: --vector must be a JSON array of 1 to 4096 numbers, e.g. '[0.1, 2, -3]' (see shoal search --help)\n"],
      [['search', 'docs', '--vector', '[1]', '--k', '0'], "shoal: --k must be an integer from 1 to 1000, got '0' (see shoal search --help)\n"],
      [['import', 'docs', 'data.bin'], "shoal: cannot tell the format of 'data.bin' from its extension: give --format fvecs|npy|jsonl (see shoal import --help)\n"],
      [['import', 'docs', 'a.fvecs', '--server-side', 'k'], 'shoal: import needs either a local FILE or --server-side KEY (not both) (see shoal import --help)\n'],
      [['train'], 'shoal: train needs a collection NAME (see shoal train --help)\n'],
      [['bench', 'docs', 'extra'], "shoal: unexpected argument 'extra' (see shoal bench --help)\n"],
      [['up', '--backend', 'gpu'], "shoal: --backend must be one of faiss, mock, got 'gpu' (see shoal up --help)\n"],
    ];
    for (const [argv, line] of cases) {
      const context = memoryContext();
      expect(await runCli(argv, context)).toBe(2);
      expect(context.stderr.text).toBe(line);
      expect(context.stdout.text).toBe('');
    }
  });

  describe('against a server', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const auth = req.headers.authorization;
        res.writeHead(auth === 'Bearer from-flag' ? 403 : 401, { 'content-type': 'application/json' });
        const code = auth === 'Bearer from-flag' ? ApiErrorCode.Forbidden : ApiErrorCode.Unauthorized;
        res.end(JSON.stringify({ error: { code, message: `${code === ApiErrorCode.Forbidden ? 'a read-only key cannot write' : 'an API key is required'}\nsecond line`, details: {} } }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('prints an API error as one line `error: CODE: message` with exit 1, with the key from the flag before the environment', async () => {
      const env = memoryContext({ SHOAL_URL: url, SHOAL_API_KEY: 'from-env' });
      expect(await runCli(['collections', 'list'], env)).toBe(1);
      expect(env.stderr.text).toBe('error: UNAUTHORIZED: an API key is required\n');
      const flag = memoryContext({ SHOAL_API_KEY: 'from-env' });
      expect(await runCli(['collections', 'drop', 'docs', '--url', url, '--api-key', 'from-flag'], flag)).toBe(1);
      expect(flag.stderr.text).toBe('error: FORBIDDEN: a read-only key cannot write\n');
      expect(flag.stdout.text).toBe('');
    });
  });
});
