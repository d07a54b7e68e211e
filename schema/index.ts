/**
 * Assembles the schema: importing a module registers its types and fields on the builder.
 * One module per domain; entities.ts holds the shared object types.
 */
import { builder } from './builder.js';
import './scalars.js';
import './tenant.js';
import './entities.js';
import './customer.js';
import './funnel.js';
import './scoring.js';
import './sla.js';
import './campaigns.js';
import './metrics.js';
import './metrics-query.js';
import './funnel-groups.js';
import './lists.js';
import './definitions.js';
import './closed-loop.js';
import './crm-stages.js';
import './live.js';

export const schema = builder.toSchema({ sortSchema: false });
