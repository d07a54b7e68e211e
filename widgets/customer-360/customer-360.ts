import { defineElement } from '../shared/define.js';
import { TandemCustomer360 } from './customer-360.component.js';

export type { PersonSelectDetail } from './customer-360.component.js';
export { TandemCustomer360 } from './customer-360.component.js';
export type {
  Customer,
  CustomerAccount,
  CustomerDeal,
  CustomerPerson,
  PersonSla,
  TandemCustomerResult,
  TimelineEntry,
} from './customer-360.query.js';

defineElement('tandem-customer-360', TandemCustomer360);

declare global {
  interface HTMLElementTagNameMap {
    'tandem-customer-360': TandemCustomer360;
  }
}
