// infra/deploy without Docker or a cluster: every file parses (YAML, JSON), has the shape we rely on
// (a JSON schema each, checked with ajv), and agrees with the code — each environment variable is one
// the code reads, each port the one the node listens on, each probe path a route, each command a
// command of the CLI, each metric on the dashboard one /metrics serves.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { DEMO_CONFIG_PATH, chatVar, loadConfig, tokenVar } from '../../infra/config/index.ts';
import { CHECK_DEADLINE_MS, Readiness, healthRoutes, metricsRoute } from '../../infra/http/index.ts';
import { METRIC_NAMES, createRegistry } from '../../infra/telemetry/index.ts';
import { root } from '../integration/piyasa-run.ts';
import { COMMANDS } from '../../infra/cli/commands.ts';

const deploy = path.join(root, 'infra/deploy');
const read = (p: string) => readFileSync(path.join(deploy, p), 'utf8');
const ajv = new Ajv({ allErrors: true, strict: false });
function conforms(schema: object, value: unknown, what: string): void {
  const validate = ajv.compile(schema);
  assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);
}

/** Every environment variable the code reads: the names in infra/config's sources, the per-bot and
 * per-chat names of the demo config, and the OpenTelemetry SDK's own (it reads them itself). */
function variablesTheCodeReads(): Set<string> {
  const names = new Set<string>();
  const dir = path.join(root, 'infra/config');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g)) names.add(m[1]!);
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/'((?:PIYASA|OTEL|NATS|GROQ|DATABASE|JAEGER|TELEGRAM)_[A-Z0-9_]+)'/g)) names.add(m[1]!);
  }
  const demo = loadConfig(DEMO_CONFIG_PATH);
  for (const b of demo.bots) names.add(tokenVar(b.id));
  for (const c of demo.chats) names.add(chatVar(c.id));
  // Read by the SDK: resource attributes (resourceDetectors: envDetector) and the exporter's headers.
  for (const n of ['OTEL_RESOURCE_ATTRIBUTES', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG']) names.add(n);
  return names;
}


/** A command of the CLI's command table (infra/cli/commands.ts). */
const isCommand = (c: string) => Object.hasOwn(COMMANDS, c);

const routePaths = (): Set<string> => new Set([...healthRoutes(new Readiness(), { id: 'x', startedAt: 0 }), metricsRoute(createRegistry('x'))].map((r) => String(r.path)));

const COMPOSE_SCHEMA = {
  type: 'object', required: ['services', 'volumes'],
  properties: {
    services: {
      type: 'object', minProperties: 1,
      additionalProperties: {
        type: 'object', anyOf: [{ required: ['image'] }, { required: ['build'] }],
        properties: {
          image: { type: 'string' }, command: { type: 'array', items: { type: 'string' } },
          environment: { type: 'object', additionalProperties: { type: 'string' } },
          ports: { type: 'array', items: { type: 'string', pattern: '^\\d+:\\d+$' } },
          healthcheck: { type: 'object', required: ['test'], properties: { test: { type: 'array', items: { type: 'string' } } } },
          depends_on: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'object' }] },
          volumes: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

test('compose.yaml: shape, 3 nodes and 3 NATS servers, variables and ports true to the code', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string>; ports?: string[]; healthcheck?: { test: string[] }; env_file?: string[] }> };
  conforms(COMPOSE_SCHEMA, compose, 'compose.yaml');
  const s = compose.services;
  const nodes = Object.keys(s).filter((n) => /^piyasa-\d$/.test(n));
  assert.equal(nodes, ['piyasa-1', 'piyasa-2', 'piyasa-3']);
  const known = variablesTheCodeReads();
  const ids = new Set<string>();
  for (const n of nodes) {
    const svc = s[n]!;
    assert.ok(isCommand(svc.command![0]!), `${n}: piyasa ${svc.command![0]} is not a command`);
    const env = svc.environment!;
    for (const name of Object.keys(env)) assert.ok(known.has(name), `${n}: ${name} is not read by the code`);
    ids.add(env.PIYASA_NODE_ID!);
    const port = env.PIYASA_HTTP_PORT!;
    assert.is(env.PIYASA_HTTP_HOST, '0.0.0.0', 'reachable from the other containers');
    assert.ok(svc.ports!.every((p) => p.endsWith(`:${port}`)), `${n}: published port is not the node's ${port}`);
    assert.match(svc.healthcheck!.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${port}/(readyz|healthz)`));
    // Every NATS server named in NATS_URL is a service on its client port.
    for (const server of env.NATS_URL!.split(',')) {
      const u = new URL(server);
      assert.ok(s[u.hostname], `${n}: NATS_URL names ${u.hostname}, no such service`);
      assert.is(u.port, '4222');
    }
    const db = new URL(env.DATABASE_URL!.replace(/\$\{[^}]+\}/, 'x'));
    assert.is(db.hostname, 'postgres');
    assert.is(db.port, '5432');
    assert.is(db.username, s.postgres!.environment!.POSTGRES_USER);
    assert.is(db.pathname.slice(1), s.postgres!.environment!.POSTGRES_DB);
    const otlp = new URL(env.OTEL_EXPORTER_OTLP_ENDPOINT!);
    assert.is(otlp.hostname, 'jaeger');
    assert.ok(s.jaeger!.ports!.includes(`${otlp.port}:${otlp.port}`) && s.jaeger!.environment!.COLLECTOR_OTLP_ENABLED === 'true', 'Jaeger takes OTLP on that port');
    assert.is(env.NATS_USER, s['nats-1']!.command![s['nats-1']!.command!.indexOf('--user') + 1]);
  }
  assert.is(ids.size, 3, 'each node its own PIYASA_NODE_ID');
  // The secrets file's variables are the code's too, and ship empty.
  for (const line of read('piyasa.env.example').split('\n').filter((l) => /^[A-Z]/.test(l))) {
    const [name, value] = line.split('=');
    assert.ok(known.has(name!), `piyasa.env.example: ${name} is not read by the code`);
    assert.is(value, '', `piyasa.env.example: ${name} must ship empty`);
  }
  assert.ok(isCommand(s.migrate!.command![0]!));
  // A three-server JetStream cluster: each routes to the two others.
  for (const name of ['nats-1', 'nats-2', 'nats-3']) {
    const cmd = s[name]!.command!;
    assert.ok(cmd.includes('--jetstream'), `${name}: JetStream`);
    assert.is(cmd[cmd.indexOf('--cluster_name') + 1], 'piyasa');
    const routes = cmd[cmd.indexOf('--routes') + 1]!.split(',').map((r) => new URL(r).hostname).sort();
    assert.equal(routes, ['nats-1', 'nats-2', 'nats-3'].filter((x) => x !== name));
  }
  // Compose's own variables: only the two documented in its header.
  const interpolated = new Set([...read('compose.yaml').matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!));
  assert.equal([...interpolated].sort(), ['NATS_PASSWORD', 'POSTGRES_PASSWORD']);
});

test('prometheus.yml scrapes every node on its port and path; the dashboard only plots metrics /metrics serves', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
  const prom = parse(read('prometheus/prometheus.yml')) as { scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[] };
  conforms({ type: 'object', required: ['scrape_configs'], properties: { scrape_configs: { type: 'array', minItems: 1, items: { type: 'object', required: ['job_name', 'static_configs'] } } } }, prom, 'prometheus.yml');
  const job = prom.scrape_configs.find((j) => j.job_name === 'piyasa')!;
  assert.ok(routePaths().has(job.metrics_path));
  const targets = job.static_configs.flatMap((c) => c.targets).sort();
  assert.equal(targets, ['piyasa-1', 'piyasa-2', 'piyasa-3'].map((n) => `${n}:${compose.services[n]!.environment!.PIYASA_HTTP_PORT}`));

  const dash = JSON.parse(read('grafana/dashboards/piyasa.json')) as { uid: string; panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[] };
  conforms({
    type: 'object', required: ['uid', 'title', 'panels', 'schemaVersion'],
    properties: { panels: { type: 'array', minItems: 1, items: { type: 'object', required: ['id', 'type', 'title', 'targets', 'gridPos', 'datasource'], properties: { targets: { type: 'array', minItems: 1, items: { type: 'object', required: ['refId', 'expr'] } } } } } },
  }, dash, 'piyasa.json');
  const source = parse(read('grafana/provisioning/datasources/prometheus.yaml')) as { datasources: { uid: string; url: string }[] };
  const served = new Set<string>(METRIC_NAMES);
  const plotted = new Set<string>();
  for (const p of dash.panels) {
    assert.is(p.datasource.uid, source.datasources[0]!.uid, `${p.title}: the provisioned data source`);
    for (const t of p.targets) for (const m of t.expr.matchAll(/\bpiyasa_[a-z_]+/g)) {
      const name = m[0].replace(/_(bucket|sum|count)$/, '');
      assert.ok(served.has(name), `${p.title}: ${m[0]} is not served on /metrics`);
      plotted.add(name);
    }
  }
  assert.equal([...served].filter((n) => !plotted.has(n)), [], 'every metric has a panel');
  assert.is(new URL(source.datasources[0]!.url).hostname, 'prometheus');
  const provider = parse(read('grafana/provisioning/dashboards/piyasa.yaml')) as { providers: { options: { path: string } }[] };
  assert.match(read('compose.yaml'), new RegExp(`\\./grafana/dashboards:${provider.providers[0]!.options.path}:ro`));
});

test('Kubernetes: a StatefulSet of nodes, probes on /healthz and /readyz, secrets from a Secret; ports and variables true to the code', () => {
  const docs = readdirSync(path.join(deploy, 'k8s')).filter((f) => f.endsWith('.yaml')).flatMap((f) =>
    parseAllDocuments(read(`k8s/${f}`)).map((d) => {
      assert.equal(d.errors, [], f);
      return d.toJS() as { kind: string; apiVersion: string; metadata: { name: string }; [k: string]: unknown };
    }));
  for (const d of docs) conforms({ type: 'object', required: ['apiVersion', 'kind', 'metadata'], properties: { metadata: { type: 'object', required: ['name'] } } }, d, `${d.kind}`);
  const find = (kind: string, name?: string) => docs.find((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
  const sts = find('StatefulSet') as unknown as { apiVersion: string; spec: { replicas: number; serviceName: string; template: { metadata: { annotations: Record<string, string> }; spec: { containers: Container[]; volumes: { configMap?: { name: string } }[] } } } };
  interface Probe { httpGet: { path: string; port: string }; timeoutSeconds?: number }
  interface Container { args: string[]; ports: { name: string; containerPort: number }[]; env: { name: string }[]; envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[]; livenessProbe: Probe; readinessProbe: Probe; startupProbe: Probe }
  conforms({
    type: 'object', properties: {
      apiVersion: { const: 'apps/v1' },
      spec: { type: 'object', required: ['replicas', 'serviceName', 'selector', 'template'], properties: { template: { type: 'object', properties: { spec: { type: 'object', required: ['containers'], properties: { containers: { type: 'array', minItems: 1, items: { type: 'object', required: ['image', 'ports', 'livenessProbe', 'readinessProbe', 'envFrom'] } } } } } } } },
    },
  }, sts, 'StatefulSet');
  assert.is(sts.spec.replicas, 3);
  const c = sts.spec.template.spec.containers[0]!;
  assert.ok(isCommand(c.args[0]!), `piyasa ${c.args[0]} is not a command`);
  const env = find('ConfigMap', 'piyasa-env') as unknown as { data: Record<string, string> };
  const port = Number(env.data.PIYASA_HTTP_PORT);
  assert.is(env.data.PIYASA_HTTP_HOST, '0.0.0.0', 'reachable by the probes');
  const http = c.ports.find((p) => p.name === 'http')!;
  assert.is(http.containerPort, port);
  assert.is(Number(sts.spec.template.metadata.annotations['prometheus.io/port']), port);
  assert.ok(routePaths().has(sts.spec.template.metadata.annotations['prometheus.io/path']!));
  assert.is(c.livenessProbe.httpGet.path, '/healthz');
  assert.is(c.readinessProbe.httpGet.path, '/readyz');
  for (const p of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
    assert.ok(routePaths().has(p.httpGet.path), p.httpGet.path);
    assert.is(p.httpGet.port, 'http');
  }
  assert.ok((c.readinessProbe.timeoutSeconds ?? 1) * 1000 > CHECK_DEADLINE_MS, 'a slow check answers before the probe gives up');
  const service = find('Service', sts.spec.serviceName) as unknown as { spec: { clusterIP: string; ports: { port: number; targetPort: string }[] } };
  assert.is(service.spec.clusterIP, 'None');
  assert.is(service.spec.ports[0]!.port, port);
  // Secrets from the Secret, the rest from the ConfigMap; every key a variable the code reads.
  const secret = find('Secret', c.envFrom.find((e) => e.secretRef)!.secretRef!.name) as unknown as { stringData: Record<string, string> };
  assert.ok(secret, 'the Secret the StatefulSet names');
  assert.ok(find('ConfigMap', c.envFrom.find((e) => e.configMapRef)!.configMapRef!.name));
  const known = variablesTheCodeReads();
  for (const name of [...Object.keys(env.data), ...Object.keys(secret.stringData), ...c.env.map((e) => e.name)]) assert.ok(known.has(name), `${name} is not read by the code`);
  for (const [name, value] of Object.entries(secret.stringData)) assert.is(value, '', `${name}: no secret value is committed`);
  for (const name of ['DATABASE_URL', 'NATS_PASSWORD', 'PIYASA_TOKEN_KEY']) assert.ok(name in secret.stringData, `${name} comes from the Secret`);
  for (const name of ['DATABASE_URL', 'NATS_PASSWORD', 'PIYASA_TOKEN_KEY', 'GROQ_API_KEY']) assert.not.ok(name in env.data, `${name} is not in the ConfigMap`);
  assert.is(c.env.find((e) => e.name === 'PIYASA_NODE_ID') !== undefined, true, 'each pod its own node id');
  assert.is(new URL(env.data.OTEL_EXPORTER_OTLP_ENDPOINT!).port, '4318');
  // The config file: a ConfigMap made from the YAML (named in configmap.yaml's header).
  const configMap = sts.spec.template.spec.volumes.find((v) => v.configMap)!.configMap!.name;
  assert.match(read('k8s/configmap.yaml'), new RegExp(`kubectl create configmap ${configMap} --from-file=piyasa\\.yaml=`));
  const job = find('Job') as unknown as { spec: { template: { spec: { containers: { args: string[]; envFrom: { secretRef: { name: string } }[] }[] } } } };
  assert.ok(isCommand(job.spec.template.spec.containers[0]!.args[0]!));
});

test('Dockerfile: the port, the entry point and the folders it copies exist', () => {
  const docker = read('Dockerfile');
  const port = /PIYASA_HTTP_PORT=(\d+)/.exec(docker)![1];
  assert.match(docker, new RegExp(`^EXPOSE ${port}$`, 'm'));
  const entry = JSON.parse(/^ENTRYPOINT (.+)$/m.exec(docker)![1]!) as string[];
  assert.equal(entry.slice(0, 3), ['node', '--import', 'tsx']);
  assert.ok(readFileSync(path.join(root, entry[3]!)), 'entry point exists');
  assert.ok(isCommand(JSON.parse(/^CMD (.+)$/m.exec(docker)![1]!)[0]));
  for (const m of docker.matchAll(/^COPY (\S+) \.\/\S+$/gm)) assert.ok(readdirSync(path.join(root, m[1]!)).length > 0, `${m[1]} exists`);
});

test.run();
