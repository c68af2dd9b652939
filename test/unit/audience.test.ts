import { describe, expect, it } from 'vitest'
import { type Audience, intersect, narrows, type Visibility } from '../../src/kit/audience'

const v = (audience: Audience, ids: string[] = [], sourceId: string | null = null) => ({
  audience,
  segmentIds: audience === 'segments' ? ids : [],
  organizationIds: audience === 'organizations' ? ids : [],
  sourceId,
})

describe('audience narrowing', () => {
  it('orders plain audiences by rank', () => {
    expect(narrows(v('authenticated'), v('public'))).toBe(true)
    expect(narrows(v('public'), v('authenticated'))).toBe(false)
    expect(narrows(v('segments', ['a']), v('authenticated'))).toBe(true)
    expect(narrows(v('staff'), v('segments', ['a']))).toBe(true)
  })

  it('keeps segments and organisations to subsets of the same kind', () => {
    expect(narrows(v('segments', ['a']), v('segments', ['a', 'b']))).toBe(true)
    expect(narrows(v('segments', ['a', 'c']), v('segments', ['a', 'b']))).toBe(false)
    expect(narrows(v('organizations', ['a']), v('segments', ['a']))).toBe(false)
    expect(narrows(v('authenticated'), v('organizations', ['x']))).toBe(false)
  })

  it('intersects to the narrower of two, or staff when neither narrows the other', () => {
    const parent = v('segments', ['a', 'b'], 'parent')
    const child = v('segments', ['b'], 'child')
    expect(intersect(parent, child)).toBe(child)
    expect(intersect(child, v('public', [], 'x'))).toBe(child)
    expect(intersect(v('segments', ['c'], 'c'), parent)).toBe('staff')
    expect(intersect(v('organizations', ['x'], 'o'), parent)).toBe('staff')
    const plain: Visibility = v('authenticated')
    expect(narrows(plain, plain)).toBe(true)
  })
})
