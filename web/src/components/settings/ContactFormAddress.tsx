/** Where constituents find the office's public contact form, for the office's website to link to. */
export function ContactFormAddress({ officeId }: { officeId: string }) {
  const address = `${window.location.origin}/contact/${officeId}`;
  return (
    <>
      <h3>The contact form</h3>
      <p>Constituents write to the office through its public form; what they send comes into the inbox. Link to it from the member’s website:</p>
      <p className="break">
        <a href={address} target="_blank" rel="noopener">
          {address}
        </a>
      </p>
    </>
  );
}
