// "Why this matters": a collapsed note on which part of Req. 1.2.6 a step serves and what an auditor
// looks for (texts in help-texts.ts). Native <details>, so it is keyboard-operable and needs no state.
import { helpTexts, type HelpTopic } from '../help-texts';
import '../styles/help.css';

export function WhyThisMatters({ topic }: { topic: HelpTopic }) {
  const t = helpTexts[topic];
  return (
    <details className="why" data-testid={`why-${topic}`}>
      <summary>
        Why this matters<span className="visually-hidden">: {t.step}</span>
      </summary>
      <div className="why-body">
        <p>
          <span className="why-label">{t.requirement}:</span> {t.serves}
        </p>
        <p>
          <span className="why-label">What an auditor looks for:</span> {t.auditor}
        </p>
      </div>
    </details>
  );
}
