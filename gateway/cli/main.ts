/**
 * `tandem`: one command to serve, seed, migrate and (as they arrive) import, sync and mint tokens.
 * Every failure the user can fix is one line on stderr and a non-zero exit code.
 */
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../config.js';
import { LiveUnavailableError } from '../live/errors.js';
import { StoreUnavailableError } from '../store/database.js';

// Commands load their modules when run, so `tandem migrate` does not pay for the schema or the seed.
const startCommand = async (o: object) => (await import('./serve.js')).startCommand(o);
const serveCommand = async (o: object) => (await import('./serve.js')).serveCommand(o);
const seedCommand = async (o: object) => (await import('./seed.js')).seedCommand(o as never);
const migrateCommand = async (o: object) => (await import('./migrate.js')).migrateCommand(o);
const schemaCommand = async (o: object) => (await import('./schema.js')).schemaCommand(o);
const importCsvCommand = async (file: string, o: object) =>
  (await import('./import.js')).importCsvCommand(file, o as never);
const syncCommand = async (source: string, o: object) =>
  (await import('./sync.js')).syncCommand(source, o as never);
const tokenCommand = async (o: object) => (await import('./token.js')).tokenCommand(o as never);
const rollupsRebuildCommand = async (o: object) =>
  (await import('./rollups.js')).rollupsRebuildCommand(o as never);
const crmStagesCommand = async (o: object) => (await import('./crm-stages.js')).crmStagesCommand(o as never);
const tenantCreateCommand = async (id: string, o: object) =>
  (await import('./tenant.js')).tenantCreateCommand(id, o);
const tenantUpdateCommand = async (id: string, o: object) =>
  (await import('./tenant.js')).tenantUpdateCommand(id, o);
const tenantListCommand = async (o: object) => (await import('./tenant.js')).tenantListCommand(o);

const databaseOption = () =>
  new Option(
    '-d, --database <url>',
    'PostgreSQL URL or SQLite file (default: $DATABASE_URL, else ./data/tandem.db)',
  );

const program = new Command('tandem')
  .description('Tandem: one view and one set of numbers for sales and marketing.')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

program
  .command('start')
  .description('Build the widgets, migrate, seed demo data on first run, and serve (what `npm start` runs)')
  .option('-p, --port <port>', 'port to listen on (default: $PORT, else 4000)')
  .option(
    '--host <address>',
    'address to listen on (default: 127.0.0.1, this machine only: the demo hands out tokens)',
  )
  .option(
    '--refresh-demo',
    'move the demo tenants forward: re-seed them (same seed) so their history ends today; other tenants are untouched',
  )
  .addOption(databaseOption())
  .action(startCommand);

program
  .command('serve')
  .description('Serve /graphql, /health, /widgets/ and the demo pages on one port (migrates first)')
  .option('-p, --port <port>', 'port to listen on (default: $PORT, else 4000)')
  .option(
    '--host <address>',
    'address to listen on (default: $HOST, else every interface, for a load balancer or container)',
  )
  .addOption(databaseOption())
  .addHelpText(
    'after',
    `
Live updates (GraphQL subscriptions over server-sent events, docs/live.md) stay in this process
unless REDIS_URL is set (redis://host:6379): then every replica hears every event, each SLA
breach is announced once, and an unreachable Redis stops the start with its host and port.`,
  )
  .action(serveCommand);

program
  .command('seed')
  .description('Generate realistic demo data for the two demo tenants, through the real ingest path')
  .option('--people <n>', 'people per tenant', '2000')
  .option('--touches <n>', 'marketing touches per tenant', '40000')
  .option('--seed <n>', 'random seed: the same seed gives the same data', '42')
  .option('--tenants <n>', 'how many demo tenants (1 or 2)', '2')
  .option('--years <n>', 'years of history', '3')
  .option(
    '--now <instant>',
    'end of history, an ISO-8601 instant (default: now); the same seed and --now give the same data',
  )
  .option('--if-empty', 'do nothing when any tenant exists already')
  .option('--no-progress', 'no progress bar')
  .addOption(databaseOption())
  .addHelpText(
    'after',
    '\nExamples:\n  tandem seed\n  tandem seed --now 2026-11-01T00:00:00Z\n  tandem seed --people 100000 --touches 1000000 --tenants 1',
  )
  .action(seedCommand);

program
  .command('migrate')
  .description('Apply database migrations (safe to run again; also run on every start)')
  .addOption(databaseOption())
  .action(migrateCommand);

program
  .command('rollups')
  .description('Pre-aggregated rollups the dashboard reads (kept current by every write)')
  .command('rebuild')
  .description('Recompute the rollups from the raw rows (after a restore or hand edits outside Tandem)')
  .option('--tenant <id>', 'only this tenant (default: every tenant)')
  .option(
    '--family <name...>',
    'only these families: cohort, matrix, handoffs, milestones, campaigns, slices (default: all)',
  )
  .addOption(databaseOption())
  .addHelpText(
    'after',
    '\nExamples:\n  tandem rollups rebuild\n  tandem rollups rebuild --tenant acme --family campaigns',
  )
  .action(rollupsRebuildCommand);

program
  .command('schema')
  .description('Print the GraphQL schema (SDL), or write it with --write schema/schema.graphql')
  .option('--write <file>', 'write to a file instead of stdout')
  .action(schemaCommand);

const tenant = program
  .command('tenant')
  .description("A company's own tenant: create it, list tenants, change its settings (docs/onboarding.md)");

/** The settings `tenant create` and `tenant update` share; create requires the first three. */
const tenantSettingOptions = (command: Command, required: boolean) => {
  const add = required ? command.requiredOption.bind(command) : command.option.bind(command);
  add('--name <name>', 'company name, as the portal shows it');
  add(
    '--time-zone <zone>',
    'IANA time zone in which dates, days and business hours are read, e.g. Europe/Berlin',
  );
  add('--currency <code>', 'ISO 4217 code of every amount, e.g. EUR');
  return command
    .option('--fiscal-year-start <month>', 'month the fiscal year starts in, 1 (January) to 12 (default 1)')
    .option(
      '--business-hours <hours>',
      "the SLA's business hours, e.g. 'Mon-Fri 09:00-17:00' (the default) or 'Sun-Thu 08:00-16:00'",
    )
    .option(
      '--holidays <dates>',
      'local dates without business hours, comma-separated: 2026-12-24,2026-12-25',
    )
    .addOption(databaseOption());
};

tenantSettingOptions(
  tenant
    .command('create <id>')
    .description(
      'Create a tenant with the default stage ladder, scoring model and SLA policy, and no data (id: lower-case letters, digits, dashes)',
    ),
  true,
)
  .addHelpText(
    'after',
    "\nExample:\n  tandem tenant create nordlicht-gmbh --name 'Nordlicht GmbH' --time-zone Europe/Berlin --currency EUR \\\n    --fiscal-year-start 4 --business-hours 'Mon-Fri 09:00-17:00' --holidays 2026-12-24,2026-12-25",
  )
  .action(tenantCreateCommand);

tenant
  .command('list')
  .description('List the tenants: settings, business hours, people, and whether the demo made them')
  .option('--json', 'as JSON')
  .addOption(databaseOption())
  .action(tenantListCommand);

tenantSettingOptions(
  tenant
    .command('update <id>')
    .description(
      "Change a tenant's settings; business hours and holidays save a new SLA policy version (its history keeps the old)",
    ),
  false,
)
  .addHelpText(
    'after',
    '\nExample:\n  tandem tenant update nordlicht-gmbh --holidays 2026-12-24,2026-12-25,2026-12-31',
  )
  .action(tenantUpdateCommand);

program
  .command('import')
  .description('Import data from a file (see `tandem import csv --help`)')
  .command('csv <file>')
  .description(
    'Import a CSV export: people, accounts, touches, opportunities, stages or costs, as a mapping file says',
  )
  .requiredOption('-t, --tenant <id>', 'tenant to import into')
  .requiredOption(
    '-m, --mapping <file>',
    'mapping file (JSON): which column fills which field, how dates are written',
  )
  .option(
    '-k, --kind <kind>',
    'people|accounts|touches|opportunities|stages|costs (default: the mapping\'s "kind")',
  )
  .option('--no-progress', 'no progress bar')
  .addOption(databaseOption())
  .addHelpText(
    'after',
    '\nExample:\n  tandem import csv docs/examples/people.csv --tenant acme --mapping docs/examples/people-mapping.json',
  )
  .action(importCsvCommand);

program
  .command('crm-stages')
  .description(
    "Show or set how the tenant's CRM stage names read (open, won or lost, and a probability) and where a lost deal leaves its person",
  )
  .requiredOption('-t, --tenant <id>', 'tenant whose stage map this is')
  .option('-f, --file <file>', "JSON file of the tenant's stages; replaces its entries (docs/onboarding.md)")
  .option(
    '--lost-deals <policy>',
    "nurture: a lost deal's person goes back to nurture (default); stay: they stay",
  )
  .addOption(databaseOption())
  .addHelpText(
    'after',
    `
File:
  { "stages": { "Verbal Commit": { "status": "open", "probability": 0.9 },
                "Closed - Signed": { "status": "won" } },
    "lostDeals": "nurture" }

Examples:
  tandem crm-stages --tenant acme
  tandem crm-stages --tenant acme --file stages.json
  tandem crm-stages --tenant acme --lost-deals stay`,
  )
  .action(crmStagesCommand);

program
  .command('sync <source>')
  .description(
    'Sync one source now (hubspot, salesforce or marketo) for a tenant, from where its last sync stopped',
  )
  .requiredOption('-t, --tenant <id>', 'tenant to sync')
  .option('--full', 'ignore the stored cursors and read everything again (writes stay idempotent)')
  .option('--stream <names>', 'only these streams, comma-separated (e.g. contacts,deals)')
  .option('--no-progress', 'no progress line')
  .addOption(databaseOption())
  .addHelpText(
    'after',
    '\nCredentials come from the environment, e.g. TANDEM_ACME_HUBSPOT_TOKEN (see docs/connectors.md).',
  )
  .action(syncCommand);

program
  .command('token')
  .description(
    'Mint a token (JWT) for a tenant: a role, optional row scopes, a locked record, allowed widgets',
  )
  .requiredOption('-t, --tenant <id>', 'tenant the token is for')
  .addOption(
    new Option('-r, --role <role>', 'viewer: the widgets only; analyst: any query; admin: also definitions')
      .choices(['viewer', 'analyst', 'admin'])
      .default('viewer'),
  )
  .option('--team <id>', "only people owned by this team's members")
  .option('--owner <id>', 'only people owned by this user')
  .option('--region <name>', "only people in this region (their own, else their account's)")
  .option('--segment <name>', 'only people whose account is in this segment')
  .option('--record <id>', 'only this customer: a person (per_…) or an account (acc_…)')
  .option('--widgets <names>', 'viewer tokens: only these widgets, comma-separated (e.g. funnel,sla-gauge)')
  .option('--expires <duration>', 'lifetime, at most 24h (e.g. 15m, 1h, 24h)', '1h')
  .option('--name <name>', 'who holds it: recorded on the changes an analyst or admin makes')
  .addOption(databaseOption())
  .addHelpText(
    'after',
    `
The secret comes from TANDEM_<TENANT>_TOKEN_SECRET (at least 32 characters), the one the gateway
verifies with. The token alone goes to stdout; what it grants, to stderr.

Examples:
  tandem token --tenant acme --role viewer --team sales-east --widgets funnel,sla-gauge --expires 24h
  tandem token --tenant acme --role viewer --record per_3f2a9c --widgets customer-360 --expires 15m
  tandem token --tenant acme --role analyst --name "Ana Lyst"
  curl -s localhost:4000/graphql -H "authorization: Bearer $(tandem token --tenant acme --role analyst)" \
    -H 'content-type: application/json' -d '{"query":"{ tenant { name } }"}'`,
  )
  .action(tokenCommand);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander printed it
  if (
    error instanceof UsageError ||
    error instanceof StoreUnavailableError ||
    error instanceof LiveUnavailableError
  ) {
    console.error(`tandem: ${error.message}`);
    return error instanceof UsageError ? 2 : 1;
  }
  console.error(error);
  return 1;
}
