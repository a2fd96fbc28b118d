import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { brokerNames, ENGINE_TYPES } from '@scrai/contracts';
import { engineActorEnvSchema } from '../../services/engine-actor/src/config.js';
import { engineAnalystEnvSchema } from '../../services/engine-analyst/src/config.js';
import { engineNarratorEnvSchema } from '../../services/engine-narrator/src/config.js';
import { gatewayEnvSchema } from '../../services/gateway/src/config.js';
import { llmGatewayEnvSchema } from '../../services/llm-gateway/src/config.js';
import { orchestratorEnvSchema } from '../../services/orchestrator/src/config.js';
import { persistenceEnvSchema } from '../../services/persistence/src/config.js';

/**
 * `kubectl kustomize` renders every overlay; each object validates against the Kubernetes schemas
 * (kubernetes-models; KEDA's ScaledObject against the KEDA CRD schema), and the manifests agree
 * with the services: images, commands, ports, env (parsed by each service's own env schema), the
 * KEDA stream and consumer names (from the broker-name contract), secrets only where they belong.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const SERVICES = ['gateway', 'orchestrator', 'persistence', 'llm-gateway', 'engine-actor', 'engine-narrator', 'engine-analyst'] as const;
const ENV_SCHEMAS: Record<(typeof SERVICES)[number], z.ZodType> = {
  gateway: gatewayEnvSchema,
  orchestrator: orchestratorEnvSchema,
  persistence: persistenceEnvSchema,
  'llm-gateway': llmGatewayEnvSchema,
  'engine-actor': engineActorEnvSchema,
  'engine-narrator': engineNarratorEnvSchema,
  'engine-analyst': engineAnalystEnvSchema,
};

/** The model class that validates each kind we ship; an unknown kind fails the test. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;
if (!haveKubectl) {
  console.warn(
    '\n\n*** SKIPPING the Kubernetes manifest tests: kubectl is not installed (need kubectl >= 1.27 for kustomize v5; ' +
      "Debian's kubernetes-client 1.20 is too old). Install kubectl to validate k8s/. ***\n\n",
  );
}
const describeK8s = haveKubectl ? describe : describe.skip;

function render(overlay: string): K8sObject[] {
  const r = spawnSync('kubectl', ['kustomize', join(repoRoot, 'k8s', 'overlays', overlay)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kubectl kustomize k8s/overlays/${overlay} failed:\n${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJSON() as K8sObject).filter(Boolean);
}

const find = (objs: K8sObject[], kind: string, name: string): K8sObject => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in the rendered objects`);
  return o;
};

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Container = {
  name: string;
  image: string;
  command?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
};
type Probe = { exec?: { command: string[] }; tcpSocket?: { port: string | number }; httpGet?: { path: string; port: string | number } };
type PodSpec = { containers: Container[]; securityContext?: { runAsNonRoot?: boolean } };
const podOf = (o: K8sObject): PodSpec => (o.spec as { template: { spec: PodSpec } }).template.spec;

describeK8s.each(['dev', 'prod'])('k8s/overlays/%s', (overlay) => {
  const objs = render(overlay);
  const config = (find(objs, 'ConfigMap', 'scrai-config').data ?? {}) as Record<string, string>;
  const namespace = find(objs, 'Namespace', 'scrai').metadata.name;

  it('renders only kinds we validate, each valid against its schema', () => {
    expect(objs.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const o of objs) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      if (!Model) {
        problems.push(`${o.apiVersion}/${o.kind} ${o.metadata.name}: no schema to validate it against`);
        continue;
      }
      try {
        new Model(o as never).validate();
      } catch (e) {
        problems.push(`${o.kind}/${o.metadata.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (o.kind !== 'Namespace') expect(o.metadata.namespace).toBe(namespace);
    }
    expect(problems).toEqual([]);
  });

  it('has a Deployment, Service and PodDisruptionBudget per service, with its image, command and env', () => {
    for (const service of SERVICES) {
      const dep = find(objs, 'Deployment', service);
      find(objs, 'Service', service);
      const pdb = find(objs, 'PodDisruptionBudget', service);
      const pod = podOf(dep);
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.containers).toHaveLength(1);
      const [c] = pod.containers;
      // The image is the Dockerfile target of the same name, whose CMD starts this service.
      expect(c.image).toMatch(new RegExp(`(^|/)scrai/${service}:[\\w.-]+$`));
      expect(existsSync(join(repoRoot, 'services', service, 'dist', 'main.js'))).toBe(true);
      expect(c.resources?.requests?.cpu && c.resources.requests.memory && c.resources.limits?.memory).toBeTruthy();
      expect(c.readinessProbe && c.livenessProbe).toBeTruthy();
      // Selectors select the pods.
      const podLabels = (dep.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
      const pdbSel = (pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
      for (const [k, v] of Object.entries(pdbSel)) expect(podLabels[k]).toBe(v);
      // The environment the pod gets parses with the service's own env schema.
      expect(c.envFrom?.some((f) => f.configMapRef?.name === 'scrai-config')).toBe(true);
      const literal = Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
      const parsed = ENV_SCHEMAS[service].safeParse({ ...config, ...literal, DATABASE_URL: 'postgres://u:p@db:5432/scrai' });
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect((c.env ?? []).find((e) => e.name === 'SCRAI_INSTANCE_ID')).toBeTruthy();
      // Readiness is the process's own /readyz on its operations port (METRICS_PORT), which it serves.
      const ports = Object.fromEntries((c.ports ?? []).map((p) => [p.name, p.containerPort]));
      expect(ports.metrics).toBe(Number(config.METRICS_PORT));
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
      if (service !== 'gateway') {
        expect(c.livenessProbe?.httpGet).toEqual({ path: '/livez', port: 'metrics' });
        expect(c.startupProbe?.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
      }
    }
  });

  it('creates streams with one replica on dev\'s single server and three on prod\'s cluster', () => {
    expect(config.SCRAI_STREAM_REPLICAS).toBe(overlay === 'prod' ? '3' : '1');
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toMatch(/^http:\/\/.+:4318$/);
  });

  it('gives the gateway its HTTP and gRPC ports, TCP liveness and an HPA', () => {
    const [c] = podOf(find(objs, 'Deployment', 'gateway')).containers;
    const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
    const ports = Object.fromEntries((c.ports ?? []).map((p) => [p.name, p.containerPort]));
    expect(ports.http).toBe(Number(env.PORT));
    expect(ports.grpc).toBe(Number(env.GRPC_PORT));
    expect(c.livenessProbe?.tcpSocket?.port).toBe('http');
    const svcPorts = (find(objs, 'Service', 'gateway').spec as { ports: { name: string; targetPort: string }[] }).ports;
    expect(svcPorts.map((p) => p.targetPort)).toEqual(expect.arrayContaining(['http', 'grpc']));
    const hpa = find(objs, 'HorizontalPodAutoscaler', 'gateway').spec as { scaleTargetRef: { kind: string; name: string }; minReplicas: number };
    expect(hpa.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'gateway' });
    if (overlay === 'prod') expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
  });

  it('scales each engine type with KEDA on its JetStream consumer of the tasks stream', () => {
    const names = brokerNames(config.SCRAI_NAMESPACE);
    for (const type of ENGINE_TYPES) {
      const so = find(objs, 'ScaledObject', `engine-${type}`).spec as {
        scaleTargetRef: { name: string };
        maxReplicaCount: number;
        triggers: { type: string; metadata: Record<string, string> }[];
      };
      expect(so.scaleTargetRef.name).toBe(`engine-${type}`);
      expect(so.triggers).toHaveLength(1);
      expect(so.triggers[0].type).toBe('nats-jetstream');
      expect(so.triggers[0].metadata).toMatchObject({
        account: '$G',
        stream: names.streams.tasks,
        consumer: names.consumers.engine(type),
        natsServerMonitoringEndpoint: `nats-headless.${namespace}.svc.cluster.local:8222`,
      });
      expect(Number(so.triggers[0].metadata.lagThreshold)).toBeGreaterThan(0);
      if (overlay === 'prod') expect(so.maxReplicaCount).toBeGreaterThanOrEqual(10);
      // KEDA owns the replica count: the Deployment must not fight it on every apply.
      expect((find(objs, 'Deployment', `engine-${type}`).spec as { replicas?: number }).replicas).toBeUndefined();
    }
  });

  it('keeps provider keys in the llm-gateway and runs migrations in a Job before persistence', () => {
    const secret = find(objs, 'Secret', 'scrai-llm-providers') as { stringData?: Record<string, string>; data?: Record<string, string> };
    for (const v of Object.values({ ...secret.stringData, ...secret.data })) expect(v).toBe('');
    for (const service of SERVICES) {
      const [c] = podOf(find(objs, 'Deployment', service)).containers;
      const mounts = (c.envFrom ?? []).some((f) => f.secretRef?.name === 'scrai-llm-providers');
      expect([service, mounts]).toEqual([service, service === 'llm-gateway']);
    }
    const [job] = podOf(find(objs, 'Job', 'scrai-migrate')).containers;
    const [persistence] = podOf(find(objs, 'Deployment', 'persistence')).containers;
    expect(job.image).toBe(persistence.image);
    expect(job.command).toEqual(['node', 'deploy/migrate.mjs']);
    expect(existsSync(join(repoRoot, 'deploy', 'migrate.mjs'))).toBe(true);
    const dbUrl = (c: Container) => c.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
    expect(dbUrl(job)).toEqual(dbUrl(persistence));
    expect(persistence.env?.find((e) => e.name === 'SCRAI_DB_MIGRATE')?.value).toBe('false');
  });
});
