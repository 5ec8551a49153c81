import { imageManifest } from '../../../lib/workflow/checks/image-manifest';
import { BUILD, contextOf, deleteStep, expectProblem, reported, setStep, WF } from './fixture';

/** Not the default (14), so the message is seen to quote the setting. */
const EXPIRY = { untaggedImageExpiryDays: 9 };

describe('rule image-manifest (the pushed tag names a plain image manifest)', () => {
  test('the fixture builds one platform without attestations: no problem', () => {
    expect(reported(imageManifest(contextOf()))).toBe('');
  });

  test('a multi-platform build', () => {
    expectProblem(
      imageManifest,
      { workflow: [setStep(BUILD, ['with', 'platforms'], 'linux/amd64,linux/arm64')], config: EXPIRY },
      {
        check: 'image-manifest',
        severity: 'error',
        says: ['2 platforms', 'untagged', 'after 9 days', 'untaggedImageExpiryDays', WF],
      },
    );
  });

  test('platforms from an expression', () => {
    expectProblem(
      imageManifest,
      { workflow: [setStep(BUILD, ['with', 'platforms'], '${{ vars.PLATFORMS }}')] },
      { check: 'image-manifest', severity: 'error', says: ['cannot be checked to name one platform', WF] },
    );
  });

  test('provenance left at its default', () => {
    expectProblem(
      imageManifest,
      { workflow: [deleteStep(BUILD, ['with', 'provenance'])] },
      { check: 'image-manifest', severity: 'error', says: ['by default', 'image index', 'provenance: false', WF] },
    );
  });

  test('provenance turned on', () => {
    expectProblem(
      imageManifest,
      { workflow: [setStep(BUILD, ['with', 'provenance'], 'mode=max')] },
      { check: 'image-manifest', severity: 'error', says: ['provenance: mode=max', 'lifecycle rule', WF] },
    );
  });

  test('an SBOM attestation', () => {
    expectProblem(
      imageManifest,
      { workflow: [setStep(BUILD, ['with', 'sbom'], 'true')] },
      { check: 'image-manifest', severity: 'error', says: ['sbom: true', 'untagged', WF] },
    );
  });
});
