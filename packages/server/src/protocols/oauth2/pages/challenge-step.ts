import type { HostedOutcome } from '../../../services/sign-in/hosted.ts';
import { type Page, pageUrl } from './context.ts';
import { continueSignIn } from './finish.ts';
import { challengeCookie, clearFlowCookie, type FlowCookie } from './flow-cookie.ts';
import { messageOf, sessionGone } from './messages.ts';

/** The challenge flow a page answers, as the `flow` cookie holds it. */
export type ChallengeFlow = Extract<FlowCookie, { kind: 'challenge' }>;

/** Back to sign-in, saying the sign-in expired (no flow, or one that cannot go on). */
export function startOver(page: Page) {
  clearFlowCookie(page);
  return page.reply.redirect(pageUrl(page, 'login', { notice: 'expired' }), 303);
}

/**
 * Runs a page of a challenge: without a flow waiting on one of `challenges` the browser starts
 * over; otherwise `render` shows the page.
 */
export function withChallenge(
  page: Page,
  challenges: readonly string[],
  render: (flow: ChallengeFlow) => unknown,
) {
  const flow = challengeCookie(page, challenges);
  if (!flow) return startOver(page);
  return render(flow);
}

/**
 * Answers a challenge: on success the sign-in goes on (callback or next challenge); a refused
 * answer shows the page again with the message, or starts over once the flow is spent.
 */
export async function answerStep(
  page: Page,
  answer: () => Promise<HostedOutcome>,
  again: (error: string) => unknown,
) {
  let outcome: HostedOutcome;
  try {
    outcome = await answer();
  } catch (err) {
    if (sessionGone(err)) return startOver(page);
    return again(messageOf(err));
  }
  return continueSignIn(page, outcome);
}
