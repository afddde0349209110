import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'saga-shop:public';
export const STAFF_ONLY = 'saga-shop:staff-only';

/** No token needed: health probes, the metrics scrape, the catalog. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Staff only: restocking, reading every payment and shipment, dead letters. */
export const StaffOnly = () => SetMetadata(STAFF_ONLY, true);
