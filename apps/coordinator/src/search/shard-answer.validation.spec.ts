import { shardAnswerProblem } from './shard-answer.validation';

describe('shardAnswerProblem', () => {
  const hit = (id: string, distance: number) => ({ id, distance });

  it('accepts one sorted list per query', () => {
    expect(shardAnswerProblem({ results: [[hit('a', 0), hit('b', 1)], []], appliedSeq: 3, generation: 0 }, 2)).toBeNull();
  });

  it.each([
    [null, 'the answer has no results array'],
    [{ results: [[]], appliedSeq: 1 }, 'the answer has 1 result lists for 2 queries'],
    [{ results: [[hit('a', 1), hit('b', 0)], []], appliedSeq: 1 }, 'result list 0 is not sorted by distance'],
    [{ results: [[], [{ id: 1, distance: 0 }]], appliedSeq: 1 }, 'result list 1 holds a malformed hit'],
    [{ results: [[], [hit('a', NaN)]], appliedSeq: 1 }, 'result list 1 holds a malformed hit'],
    [{ results: [[], []] }, 'the answer has no appliedSeq'],
  ])('refuses %j', (answer, problem) => {
    expect(shardAnswerProblem(answer, 2)).toBe(problem);
  });
});
