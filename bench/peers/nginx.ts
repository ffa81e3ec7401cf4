// nginx serving the benchmark's objects as static files with sendfile: the
// practical limit of GET on this machine. Our own master process with a
// config in a temporary directory, never the system service.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePackages } from './apt.js';
import { freePort, httpRequest } from './http.js';
import { processTree } from './proc.js';
import { startPeer } from './scope.js';
import type { PeerResult } from './types.js';

const NGINX = '/usr/sbin/nginx';
const INSTALL_TIMEOUT_MS = 600_000;
const START_TIMEOUT_MS = 30_000;

export function startNginx(): Promise<PeerResult> {
  return startPeer('nginx', INSTALL_TIMEOUT_MS, async (scope) => {
    await ensurePackages(scope, [{ pkg: 'nginx', program: NGINX }], INSTALL_TIMEOUT_MS);
    scope.limit(START_TIMEOUT_MS);
    const dir = await scope.tempDir('nginx');
    const staticRoot = join(dir, 'www');
    await mkdir(staticRoot, { mode: 0o755 });
    await mkdir(join(dir, 'tmp'));
    const port = await freePort();
    const conf = join(dir, 'nginx.conf');
    await writeFile(conf, nginxConf({ dir, staticRoot, port }));
    const errorLog = join(dir, 'error.log');
    // -e: the error log from the first moment (before the config is read, nginx would try /var/log/nginx)
    const master = scope.daemon('nginx', NGINX, ['-p', dir, '-c', conf, '-e', errorLog], { logFile: join(dir, 'stdout.log') });
    const endpoint = `http://127.0.0.1:${port}`;
    // Any HTTP answer (404 for /) means the workers accept connections.
    await scope.waitFor(
      'waiting for nginx to answer',
      async () => ((await httpRequest({ endpoint, method: 'GET', rawPath: '/', timeoutMs: 2_000 })).status > 0 ? true : undefined),
      [master],
      100,
    );
    return { name: 'nginx', kind: 'static', endpoint, staticRoot, pids: () => processTree(master.pid) };
  });
}

function nginxConf(o: { dir: string; staticRoot: string; port: number }): string {
  // Workers run as root when we are root: files the load generator writes are
  // readable whatever its umask, and the temp dir needs no wider permissions.
  const user = process.getuid?.() === 0 ? 'user root root;\n' : '';
  return `# Written by bench/peers/nginx.ts for one benchmark run.
${user}worker_processes auto;
daemon off;
pid ${o.dir}/nginx.pid;
error_log ${o.dir}/error.log warn;
worker_rlimit_nofile 65536;

events {
  worker_connections 8192;
  multi_accept on;
}

http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  types { }
  server_tokens off;
  client_body_temp_path ${o.dir}/tmp/body;
  proxy_temp_path ${o.dir}/tmp/proxy;
  fastcgi_temp_path ${o.dir}/tmp/fastcgi;
  uwsgi_temp_path ${o.dir}/tmp/uwsgi;
  scgi_temp_path ${o.dir}/tmp/scgi;

  server {
    listen 127.0.0.1:${o.port} backlog=4096;
    root ${o.staticRoot};
    # GET and HEAD of /<bucket>/<key>; nothing else
    location / {
      limit_except GET { deny all; }
    }
  }
}
`;
}
