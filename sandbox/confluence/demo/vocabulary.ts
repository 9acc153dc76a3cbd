/**
 * Word lists for the synthetic site generator, most frequent first: function words, then the engineering
 * vocabulary that fills runbooks, design notes and postmortems. The generator samples them Zipf-style by rank.
 */

const FUNCTION_WORDS = `the of to and a in is for that on with by this as be it are from at or we when not if each
after before can should will all into than then which only any so but new one two more most also out
they their our its these those there has have was were been no per via over under about between until while`;

const ENGINEERING_WORDS = `service request data page user cluster deploy release error latency cache database
queue event index search token account team config node pod job schedule metric alert log trace dashboard
timeout retry limit version build test pipeline branch merge review change rollback incident outage customer
storage bucket backup restore replica primary failover region zone network proxy gateway endpoint api client
server worker thread process memory cpu disk throughput capacity load traffic spike budget quota partition
topic consumer producer offset lag message payload schema migration table column row query transaction lock
connection pool session cookie header response status code path route handler middleware plugin module
package dependency library framework runtime container image registry secret key certificate permission role
group policy audit compliance owner runbook postmortem decision record design proposal goal risk mitigation
rollout flag experiment cohort percentage baseline threshold window interval hourly daily weekly nightly
invoice billing payment charge refund plan subscription tenant workspace space document attachment comment
label feed notification email webhook callback signature encryption hash cipher rotation lease vault
kubernetes helm terraform ansible docker compose manifest namespace ingress egress firewall subnet peering
dns tls handshake socket reset refused unreachable degraded healthy unhealthy green yellow red severity
escalation pager handover shift primary secondary commander timeline impact detection resolution action
followup owner deadline sprint backlog estimate milestone quarter roadmap objective result scope
regression benchmark profile flame allocation garbage collector heap stack leak pressure saturation
backpressure batching debounce throttle jitter backoff exponential idempotent idempotency duplicate
consistency eventual strong snapshot isolation serializable replication quorum leader follower election
heartbeat gossip shard rebalance compaction tombstone retention ttl eviction warmup cold hot tier archive
purge trash draft publish render template macro parser tokenizer analyzer stemmer ranking relevance score
vector embedding chunk snippet citation answer question prompt model inference evaluation dataset label
validation sanitize escape encode decode serialize deserialize json yaml xml csv protobuf grpc rest graphql
cursor pagination sort filter facet aggregate histogram percentile median average p95 p99 slo sli sla
availability reliability durability observability telemetry sampling exporter collector agent sidecar
operator controller reconcile informer watch lister cache-miss warm-cache hit-rate fanout fan-in saga
orchestrator choreography outbox inbox dead-letter poison replay reprocess backfill reindex dry-run
canary blue-green shadow mirror feature toggle kill-switch circuit breaker bulkhead fallback degrade
ownership oncall onboarding checklist glossary handbook guideline standard convention lint format style`;

export const VOCABULARY: readonly string[] = Array.from(
  new Set(`${FUNCTION_WORDS} ${ENGINEERING_WORDS}`.split(/\s+/).filter((w) => w.length > 0)),
);

/** Nouns good for titles, headings and service names (drawn from the vocabulary's engineering half). */
export const TOPIC_WORDS: readonly string[] = Array.from(
  new Set(ENGINEERING_WORDS.split(/\s+/).filter((w) => w.length > 3 && !w.includes('-'))),
);

export const SERVICE_SUFFIXES = ['service', 'api', 'worker', 'gateway', 'indexer', 'scheduler', 'exporter', 'proxy'] as const;

export const PAGE_KINDS = ['Runbook', 'Design', 'ADR', 'Postmortem', 'How-to', 'Meeting notes', 'Release notes', 'Reference', 'Onboarding'] as const;

export const SYLLABLES = ['ka', 'ro', 'mi', 'ze', 'tu', 'vo', 'ne', 'sha', 'pri', 'qua', 'lo', 'dex', 'fi', 'gor', 'hu', 'jin', 'bel', 'cy', 'wa', 'xo'] as const;
