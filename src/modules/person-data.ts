import { PersonDataMap } from '../platform/person-data/map.js';
import { caseworkData } from './casework/person-data.js';
import { consentData } from './consent/person-data.js';
import { subscriptionsData } from './consent/subscriptions/person-data.js';
import { correspondenceData } from './correspondence/person-data.js';
import { newslettersData } from './newsletters/person-data.js';
import { officesData } from './offices/person-data.js';
import { peopleData } from './people/person-data.js';

/** Every module's tables in one map of where a person's data lives; boot hands it to the modules (AppContext.personData). */
export const personDataMap = new PersonDataMap([...peopleData, ...caseworkData, ...correspondenceData, ...officesData, ...consentData, ...subscriptionsData, ...newslettersData]);
