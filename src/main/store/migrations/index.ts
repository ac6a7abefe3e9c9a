// The schema history, in order: migration N brings user_version from N-1 to N. Never edit a
// migration that has shipped; add the next number.
import initial from './001_initial.sql?raw';
import operationTerms from './002_operation_terms.sql?raw';

export const MIGRATIONS: readonly string[] = [initial, operationTerms];
