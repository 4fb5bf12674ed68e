import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { APPS, LISTEN_VARS, dockerfilePath, fileExists, finalStage, loadDockerfile, type AppName } from './app-images';
import { ROOT } from './compose-file';
import { copyParts, execForm, parseDockerfile, stageEnv, type Instruction, type Stage } from './dockerfile.parser';
import { loadDockerignore } from './dockerignore';
import { importGraph } from './source-scan';

const WORKDIR = '/app';
const ignored = loadDockerignore();

function only(stage: Stage, keyword: string): Instruction {
  const found = stage.instructions.filter((instruction) => instruction.keyword === keyword);
  if (found.length !== 1) throw new Error(`stage ${stage.name} has ${found.length} ${keyword} instructions, expected 1`);
  return found[0];
}

function runText(stage: Stage): string {
  return stage.instructions.filter(({ keyword }) => keyword === 'RUN').map(({ args }) => args).join('\n');
}

/** Repository paths the final stage copies from the build context, as `[source, destination]`. */
function contextCopies(stage: Stage): Array<[string, string]> {
  return stage.instructions
    .filter(({ keyword, flags }) => (keyword === 'COPY' || keyword === 'ADD') && flags['from'] === undefined)
    .flatMap((instruction) => {
      const { sources, destination } = copyParts(instruction);
      return sources.map((source): [string, string] => [source.replace(/^\.\//, '').replace(/\/$/, ''), destination]);
    });
}

/** Whether a repository file ends up in the image: copied by a context COPY and not excluded by .dockerignore. */
function copiedIntoImage(stage: Stage, file: string): boolean {
  return !ignored(file) && contextCopies(stage).some(([source]) => file === source || file.startsWith(`${source}/`));
}

describe('Dockerfile parser', () => {
  it('joins continuations, reads flags, stages, ARG defaults and ENV', () => {
    const file = parseDockerfile(
      ['ARG BASE=debian:12', '# comment', 'FROM ${BASE} AS build', 'RUN a \\', '  && b', 'FROM build', 'ENV A=1 \\', '    B="two words"', 'COPY --from=build --chown=1:1 /x /y ./z/'].join('\n'),
    );
    expect(file.globalArgs).toEqual({ BASE: 'debian:12' });
    expect(file.stages.map(({ name, base }) => [name, base])).toEqual([
      ['build', 'debian:12'],
      ['1', 'build'],
    ]);
    expect(file.stages[0].instructions[0]).toMatchObject({ keyword: 'RUN', args: 'a && b', line: 4 });
    expect(stageEnv(file.stages[1])).toEqual({ A: '1', B: 'two words' });
    const copy = file.stages[1].instructions[1];
    expect(copy.flags).toEqual({ from: 'build', chown: '1:1' });
    expect(copyParts(copy)).toEqual({ sources: ['/x', '/y'], destination: './z/' });
  });

  it('tells the exec form from the shell form', () => {
    expect(execForm('["node", "main.js"]')).toEqual(['node', 'main.js']);
    expect(execForm('node main.js')).toBeNull();
  });
});

describe('.dockerignore', () => {
  it('keeps host builds, node_modules, data and git out of the context, and the sources in', () => {
    for (const path of ['node_modules/tsx/package.json', 'libs/faiss-native/build/Release/shoal_faiss.node', 'data/redis/x', 'tmp/a', '.git/HEAD', '.nx/cache/x', 'infra/.env', 'libs/engine/src/partition.spec.ts']) {
      expect([path, ignored(path)]).toEqual([path, true]);
    }
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'libs/engine/src/partition.ts', 'libs/faiss-native/binding.gyp', 'scripts/build-native.sh']) {
      expect([path, ignored(path)]).toEqual([path, false]);
    }
  });

  it('honours `!` re-includes, later rules winning', () => {
    const matcher = loadDockerignore('**/build\n!libs/keep/build\n');
    expect(matcher('libs/x/build/a')).toBe(true);
    expect(matcher('libs/keep/build/a')).toBe(false);
  });
});

describe.each(APPS)('%s.Dockerfile', (app: AppName) => {
  const file = loadDockerfile(app);
  const runtime = finalStage(file);
  const env = stageEnv(runtime);
  const { host, port } = LISTEN_VARS[app];

  it('is multi-stage on Debian 12 Node 20, every stage from the same base or an earlier stage', () => {
    expect(file.stages.length).toBeGreaterThanOrEqual(2);
    expect(file.globalArgs['NODE_IMAGE']).toBe('node:20-bookworm-slim');
    file.stages.forEach((stage, i) => {
      const earlier = file.stages.slice(0, i).map(({ name }) => name);
      expect([stage.name, stage.base === 'node:20-bookworm-slim' || earlier.includes(stage.base)]).toEqual([stage.name, true]);
    });
  });

  it('runs as uid 10001, which owns the data directory', () => {
    expect(only(runtime, 'USER').args).toBe('10001:10001');
    expect(runText(runtime)).toMatch(/useradd [^\n]*--uid 10001/);
    expect(env['SHOAL_DATA_DIR']).toBe('/var/lib/shoal');
    expect(runText(runtime)).toMatch(/chown shoal:shoal \/var\/lib\/shoal/);
  });

  it(`listens on all interfaces on the port it EXPOSEs, and checks /health/live there`, () => {
    expect(env[host]).toBe('0.0.0.0');
    expect(env['NODE_ENV']).toBe('production');
    expect(only(runtime, 'EXPOSE').args).toBe(env[port]);
    const check = only(runtime, 'HEALTHCHECK');
    expect(check.flags).toMatchObject({ interval: expect.any(String), timeout: expect.any(String), 'start-period': expect.any(String) });
    const command = execForm(check.args.replace(/^CMD\s+/, ''));
    expect(command?.slice(0, 2)).toEqual(['node', '-e']);
    const script = command?.[2] ?? '';
    expect(script).toContain(`process.env.${port}||${env[port]}`);
    expect(script).toContain('/health/live');
    expect(script).toContain('process.exit(1)');
  });

  it('starts the app with exec-form CMD `node --import tsx`, whose entry file exists and is copied', () => {
    expect(only(runtime, 'WORKDIR').args).toBe(WORKDIR);
    expect(runtime.instructions.some(({ keyword }) => keyword === 'ENTRYPOINT')).toBe(false);
    const command = execForm(only(runtime, 'CMD').args);
    expect(command).toEqual(['node', '--import', 'tsx', `apps/${app}/src/main.ts`]);
    const entry = `apps/${app}/src/main.ts`;
    expect(fileExists(entry)).toBe(true);
    expect(copiedIntoImage(runtime, entry)).toBe(true);
  });

  it('copies every build-context source that exists, and only from earlier stages otherwise', () => {
    file.stages.forEach((stage, i) => {
      for (const instruction of stage.instructions.filter(({ keyword }) => keyword === 'COPY' || keyword === 'ADD')) {
        const from = instruction.flags['from'];
        if (from !== undefined) {
          expect([instruction.line, file.stages.slice(0, i).map(({ name }) => name)]).toEqual([instruction.line, expect.arrayContaining([from])]);
          continue;
        }
        for (const source of copyParts(instruction).sources) {
          expect([source, fileExists(source), ignored(source.replace(/^\.\//, ''))]).toEqual([source, true, false]);
        }
      }
    });
  });

  it('copies every source file the app loads, and tsx finds the path aliases', () => {
    const { files } = importGraph(`apps/${app}/src/main.ts`);
    expect(files.filter((path) => !copiedIntoImage(runtime, path))).toEqual([]);
    for (const config of ['package.json', 'tsconfig.json', 'tsconfig.base.json']) expect([config, copiedIntoImage(runtime, config)]).toEqual([config, true]);
  });

  it('ships production node_modules only, holding every package the app imports, tsx included', () => {
    const deps = file.stages.find(({ name }) => name === 'deps');
    expect(runText(deps ?? runtime)).toMatch(/npm ci --omit=dev/);
    const nodeModules = runtime.instructions.find(({ keyword, args }) => keyword === 'COPY' && args.includes('node_modules'));
    expect(nodeModules?.flags['from']).toBe('deps');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const { packages } = importGraph(`apps/${app}/src/main.ts`);
    expect(packages.filter((name) => manifest.dependencies[name] === undefined)).toEqual([]);
    expect(manifest.dependencies['tsx']).toBeDefined();
  });

  it('has no compiler or -dev package in the runtime stage', () => {
    expect(runText(runtime)).not.toMatch(/build-essential|python3|-dev\b|\bg\+\+|\bgcc\b|\bmake\b/);
  });
});

describe('coordinator image', () => {
  it('installs no Faiss, BLAS or compiler in any stage, and the app never loads the addon', () => {
    const text = readFileSync(dockerfilePath('coordinator'), 'utf8');
    const runs = loadDockerfile('coordinator').stages.map(runText).join('\n');
    expect(runs).not.toMatch(/faiss|openblas|build-essential|apt-get/);
    expect(text).not.toMatch(/build-native|faiss-native\/build/);
    expect(importGraph('apps/coordinator/src/main.ts').files.filter((path) => path.startsWith('libs/faiss-native/') || path.startsWith('libs/engine/'))).toEqual([]);
  });
});

describe.each(['shard', 'worker'] as const)('%s image and the Faiss addon', (app) => {
  const file = loadDockerfile(app);
  const runtime = finalStage(file);
  const native = file.stages.find(({ name }) => name === 'native');

  it('builds the addon with the Debian Faiss toolchain, as scripts/build-native.sh does', () => {
    expect(native).toBeDefined();
    const runs = runText(native as Stage);
    for (const pkg of ['build-essential', 'python3', 'libfaiss-dev', 'libopenblas-dev']) expect(runs).toContain(pkg);
    expect(runs).toMatch(/npm_config_nodedir=\/usr\/local bash scripts\/build-native\.sh/);
    // build-native.sh calls node-gyp from node_modules and reads these files: they must all be there.
    expect(runs).toMatch(/npm ci\b/);
    const script = readFileSync(join(ROOT, 'scripts', 'build-native.sh'), 'utf8');
    expect(script).toContain('node-gyp rebuild');
    const copied = contextCopies(native as Stage).map(([source]) => source);
    expect(copied).toEqual(expect.arrayContaining(['scripts/build-native.sh', 'libs/faiss-native/binding.gyp', 'libs/faiss-native/src/native']));
  });

  it('copies both addon files side by side to where load-native.ts looks for them', () => {
    const copy = runtime.instructions.find(({ keyword, flags }) => keyword === 'COPY' && flags['from'] === 'native');
    expect(copy).toBeDefined();
    const { sources, destination } = copyParts(copy as Instruction);
    expect(sources.map((source) => source.split('/').pop())).toEqual(['shoal_faiss.node', 'shoal_faiss_core.so']);
    expect(sources.every((source) => source.startsWith(`${WORKDIR}/libs/faiss-native/build/Release/`))).toBe(true);
    expect(destination).toBe('./libs/faiss-native/build/Release/');
    const loader = readFileSync(join(ROOT, 'libs/faiss-native/src/load-native.ts'), 'utf8');
    expect(loader).toContain("resolve(__dirname, '..', 'build', 'Release', 'shoal_faiss.node')");
  });

  it('installs the Debian packages holding every shared library the built addon needs (ldd)', () => {
    const addon = process.env['SHOAL_FAISS_ADDON'] || join(ROOT, 'libs/faiss-native/build/Release/shoal_faiss.node');
    if (!existsSync(addon)) throw new Error(`no Faiss addon at ${addon}: run \`npm run build:native\` (or set SHOAL_FAISS_ADDON) first`);
    const needed = (binary: string) =>
      [...execFileSync('ldd', [binary], { encoding: 'utf8' }).matchAll(/^\s*(\S+) => (\/\S+)/gm)].map(([, name, path]) => ({ name, path: realpathSync(path) }));
    // Whatever the node binary itself links (libc, libstdc++…) is in every Node image.
    const nodeLibs = new Set(needed(process.execPath).map(({ name }) => name));
    const extra = [...needed(addon), ...needed(join(addon, '..', 'shoal_faiss_core.so'))].filter(({ name, path }) => !nodeLibs.has(name) && !path.includes('shoal_faiss'));
    expect(extra.length).toBeGreaterThan(0);
    const owners = new Set(extra.map(({ path }) => execFileSync('dpkg', ['-S', path], { encoding: 'utf8' }).split(':')[0]));
    const installed = /apt-get install[^&]*/.exec(runText(runtime))?.[0].split(' ').filter((word) => /^[a-z0-9][a-z0-9.+-]+$/.test(word) && word !== 'apt-get' && word !== 'install') ?? [];
    const closure = execFileSync('apt-cache', ['depends', '--recurse', '--no-recommends', '--no-suggests', '--no-conflicts', '--no-breaks', '--no-replaces', '--no-enhances', ...installed], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.replace(/^\s*\|?(?:Pre)?Depends:\s*/, '').replace(/:amd64$/, '').trim())
      .filter((line) => /^[a-z0-9][a-z0-9.+-]+$/.test(line));
    expect([...owners].filter((pkg) => !closure.includes(pkg))).toEqual([]);
  });
});
