/** A user attribute, as identity-js's CognitoUserAttribute. */
export class CognitoUserAttribute {
  declare Name: string;
  declare Value: string;
  constructor({ Name, Value }: { Name?: string; Value?: string } = {}) {
    this.Name = Name || '';
    this.Value = Value || '';
  }
  /** The attribute's name. */
  getName(): string {
    return this.Name;
  }
  /** The attribute's value. */
  getValue(): string {
    return this.Value;
  }
  /** Sets the value; returns this. */
  setValue(value: string): this {
    this.Value = value;
    return this;
  }
  /** Sets the name; returns this. */
  setName(name: string): this {
    this.Name = name;
    return this;
  }
  /** `{ Name, Value }`. */
  toJSON(): { Name: string; Value: string } {
    return { Name: this.Name, Value: this.Value };
  }
}
