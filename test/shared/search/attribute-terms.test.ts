// Attribute search terms are stored in every database: the same pair must give the same term
// in every version, or older databases stop finding their traces.
import { describe, expect, it } from 'vitest';
import { attributeTerm, operationTerm } from '../../../src/shared/search/attribute-terms';

describe('attribute terms', () => {
  it('are stable across versions', () => {
    expect(attributeTerm('user_id', '42')).toBe('a37tc532066pp03');
    expect(attributeTerm('http.route', '/api/v1/orders')).toBe('aao6gqd17f0os31');
    expect(attributeTerm('Grüße', '世界')).toBe('a5dq6fj18fti4m1');
  });

  it('tell keys and values apart and are short opaque tokens', () => {
    expect(attributeTerm('user_id', '42')).not.toBe(attributeTerm('user_id', '43'));
    expect(attributeTerm('user_id', '42')).not.toBe(attributeTerm('userid', '42'));
    expect(attributeTerm('Grüße', '世界')).toMatch(/^a[0-9a-v]{14}$/);
    expect(operationTerm(7)).not.toBe(operationTerm(8));
  });
});
