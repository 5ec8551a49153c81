/** The runs of the repository the role trusts: branches, tags, environments, pull requests. */
import { SubjectFilter } from '../trust/subject-filter';
import { ConfigError } from './config-error';
import { SettingReader } from './reader';
import { SettingKey } from './settings';

/**
 * Reads allowedBranches (default `["develop"]`), allowedTags, allowedEnvironments and
 * allowPullRequests, in that order, into subject filters in the same order. At least one is
 * required: a role with no trusted subject could never be used.
 */
export function readSubjects(s: SettingReader): SubjectFilter[] {
  const subjects: SubjectFilter[] = [
    ...subjectList(s, 'allowedBranches', ['develop'], SubjectFilter.branch),
    ...subjectList(s, 'allowedTags', [], SubjectFilter.tag),
    ...subjectList(s, 'allowedEnvironments', [], SubjectFilter.environment),
  ];
  if (s.boolean('allowPullRequests', false)) subjects.push(SubjectFilter.pullRequest());
  if (subjects.length === 0) {
    throw new ConfigError({
      key: 'allowedBranches',
      value: [],
      accepted:
        'at least one branch, tag (allowedTags), environment (allowedEnvironments) or allowPullRequests=true: a role with no trusted subject could never be used',
    });
  }
  return subjects;
}

/** A list of subject patterns, each turned into a `SubjectFilter` (which validates it). */
function subjectList(
  s: SettingReader,
  key: SettingKey,
  fallback: string[],
  make: (pattern: string) => SubjectFilter,
): SubjectFilter[] {
  return s.list(key, fallback).map((pattern) => {
    try {
      return make(pattern);
    } catch (err) {
      throw new ConfigError({ key, value: pattern, accepted: (err as Error).message.replace(/^.*?: expected /, '') });
    }
  });
}
