// "Create pool": the choices of `cognate add auth` (sign-in, required attributes, MFA, password
// policy, an app client), applied as CreateUserPool, SetUserPoolMfaConfig and
// CreateUserPoolClient with each step's progress shown.
import { useState } from 'preact/hooks';
import { errorText, idp } from '../api';
import {
  MFA_MODES,
  MFA_TYPES,
  SIGN_IN,
  STANDARD_ATTRIBUTES,
  smsConfiguration,
} from '../components/cognito';
import { type Step, Steps } from '../components/steps';
import { Check, CheckList, Modal, Radios, TextField } from '../components/ui';

interface Form {
  name: string;
  signIn: string;
  required: string[];
  mfaMode: string;
  mfaTypes: string[];
  smsMessage: string;
  minLength: string;
  lower: boolean;
  upper: boolean;
  numbers: boolean;
  symbols: boolean;
  clientName: string;
  secret: boolean;
}

const initial: Form = {
  name: '',
  signIn: 'email',
  required: ['email'],
  mfaMode: 'OFF',
  mfaTypes: ['TOTP'],
  smsMessage: 'Your authentication code is {####}',
  minLength: '8',
  lower: false,
  upper: false,
  numbers: false,
  symbols: false,
  clientName: '',
  secret: false,
};

/** The create dialog; `onCreated` gets the new pool's id once every step is done. */
export function CreatePoolDialog(p: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [f, setF] = useState<Form>(initial);
  const [steps, setSteps] = useState<Step[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Form>) => setF({ ...f, ...patch });

  async function create(e: Event) {
    e.preventDefault();
    const name = f.name.trim();
    const usernameAttributes = SIGN_IN.find(([k]) => k === f.signIn)?.[2];
    const required = new Set(f.required);
    for (const a of usernameAttributes ?? []) required.add(a);
    const sms = f.mfaMode !== 'OFF' && f.mfaTypes.includes('SMS');
    const clientName = f.clientName.trim() || `${name}_app_clientWeb`;
    const plan: Step[] = [
      { operation: 'CreateUserPool', detail: name, state: 'pending' },
      ...(f.mfaMode !== 'OFF'
        ? [
            {
              operation: 'SetUserPoolMfaConfig',
              detail: `${f.mfaMode} with ${f.mfaTypes.join(', ')}`,
              state: 'pending' as const,
            },
          ]
        : []),
      { operation: 'CreateUserPoolClient', detail: clientName, state: 'pending' },
    ];
    setSteps(plan);
    setBusy(true);
    const mark = (i: number, patch: Partial<Step>) => {
      plan[i] = { ...plan[i], ...patch };
      setSteps([...plan]);
    };
    let i = 0;
    try {
      mark(i, { state: 'running' });
      const created = await idp<{ UserPool: { Id: string } }>('CreateUserPool', {
        PoolName: name,
        ...(usernameAttributes ? { UsernameAttributes: usernameAttributes } : {}),
        UsernameConfiguration: { CaseSensitive: false },
        Schema: [...required].map((n) => ({
          Name: n,
          AttributeDataType: 'String',
          Required: true,
          Mutable: true,
        })),
        AutoVerifiedAttributes: required.has('email')
          ? ['email']
          : required.has('phone_number')
            ? ['phone_number']
            : [],
        Policies: {
          PasswordPolicy: {
            MinimumLength: Number(f.minLength) || 8,
            RequireLowercase: f.lower,
            RequireUppercase: f.upper,
            RequireNumbers: f.numbers,
            RequireSymbols: f.symbols,
            TemporaryPasswordValidityDays: 7,
          },
        },
        ...(sms
          ? { SmsAuthenticationMessage: f.smsMessage, SmsConfiguration: smsConfiguration(name) }
          : {}),
      });
      const id = created.UserPool.Id;
      mark(i++, { state: 'done', detail: `${name} (${id})` });
      if (f.mfaMode !== 'OFF') {
        mark(i, { state: 'running' });
        await idp('SetUserPoolMfaConfig', {
          UserPoolId: id,
          MfaConfiguration: f.mfaMode,
          ...(sms
            ? {
                SmsMfaConfiguration: {
                  SmsAuthenticationMessage: f.smsMessage,
                  SmsConfiguration: smsConfiguration(name),
                },
              }
            : {}),
          SoftwareTokenMfaConfiguration: { Enabled: f.mfaTypes.includes('TOTP') },
          ...(f.mfaTypes.includes('EMAIL')
            ? {
                EmailMfaConfiguration: {
                  Subject: 'Your authentication code',
                  Message: 'Your authentication code is {####}',
                },
              }
            : {}),
        });
        mark(i++, { state: 'done' });
      }
      mark(i, { state: 'running' });
      await idp('CreateUserPoolClient', {
        UserPoolId: id,
        ClientName: clientName,
        GenerateSecret: f.secret,
        ExplicitAuthFlows: [
          'ALLOW_USER_SRP_AUTH',
          'ALLOW_USER_PASSWORD_AUTH',
          'ALLOW_REFRESH_TOKEN_AUTH',
        ],
        RefreshTokenValidity: 30,
        TokenValidityUnits: { RefreshToken: 'days' },
      });
      mark(i, { state: 'done' });
      setF(initial);
      p.onCreated(id);
    } catch (err) {
      mark(i, { state: 'failed', error: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  const close = () => {
    if (busy) return;
    setSteps([]);
    p.onClose();
  };

  return (
    <Modal open={p.open} title="Create pool" onClose={close}>
      <form onSubmit={create}>
        <TextField
          label="Pool name"
          value={f.name}
          onValue={(name) => set({ name })}
          required
          spellcheck={false}
        />
        <Radios
          legend="How do users sign in?"
          name="sign-in"
          value={f.signIn}
          options={SIGN_IN.map(([k, t]) => [k, t])}
          onValue={(signIn) => {
            const attrs = SIGN_IN.find(([k]) => k === signIn)?.[2] ?? [];
            set({ signIn, required: [...new Set([...f.required, ...attrs])] });
          }}
        />
        <details>
          <summary>Required attributes at sign-up ({f.required.join(', ') || 'none'})</summary>
          <CheckList
            legend="Required attributes"
            options={Object.entries(STANDARD_ATTRIBUTES)}
            value={f.required}
            onValue={(required) => set({ required })}
          />
        </details>
        <Radios
          legend="Multi-factor authentication"
          name="mfa"
          value={f.mfaMode}
          options={MFA_MODES}
          onValue={(mfaMode) => set({ mfaMode })}
        />
        {f.mfaMode !== 'OFF' && (
          <>
            <CheckList
              legend="MFA types"
              options={MFA_TYPES}
              value={f.mfaTypes}
              onValue={(mfaTypes) => set({ mfaTypes })}
            />
            {f.mfaTypes.includes('SMS') && (
              <TextField
                label="SMS message"
                value={f.smsMessage}
                onValue={(smsMessage) => set({ smsMessage })}
                hint="Must contain {####}, where the code goes."
              />
            )}
          </>
        )}
        <fieldset>
          <legend>Password policy</legend>
          <TextField
            label="Minimum length"
            type="number"
            min={6}
            max={99}
            value={f.minLength}
            onValue={(minLength) => set({ minLength })}
          />
          <div class="checks">
            <Check label="Lowercase" checked={f.lower} onChange={(lower) => set({ lower })} />
            <Check label="Uppercase" checked={f.upper} onChange={(upper) => set({ upper })} />
            <Check label="Numbers" checked={f.numbers} onChange={(numbers) => set({ numbers })} />
            <Check label="Symbols" checked={f.symbols} onChange={(symbols) => set({ symbols })} />
          </div>
        </fieldset>
        <fieldset>
          <legend>App client</legend>
          <TextField
            label="App client name"
            value={f.clientName}
            placeholder={f.name ? `${f.name}_app_clientWeb` : ''}
            onValue={(clientName) => set({ clientName })}
          />
          <Check
            label="Generate a client secret (server-side apps only)"
            checked={f.secret}
            onChange={(secret) => set({ secret })}
          />
        </fieldset>
        {steps.length > 0 && <Steps steps={steps} label="Create steps" />}
        <div class="buttons">
          <button type="button" class="secondary" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="submit" disabled={busy || !f.name.trim()}>
            Create pool
          </button>
        </div>
      </form>
    </Modal>
  );
}
