import { v7 } from 'uuid';

/**
 * A new row id. Time-ordered (UUID version 7), so new rows land at the end of the (office_id, id)
 * indexes instead of at random places in them: bulk loads run about twice as fast at scale.
 */
export const newId = (): string => v7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);
