/** What marks a case out for careful handling; words, not only colour. */
export function CaseBadges({ sensitive, specialCategory }: { sensitive: boolean; specialCategory: boolean }) {
  return (
    <>
      {sensitive && <span className="badge badge-sensitive">Sensitive</span>}
      {specialCategory && <span className="badge badge-special">Special category</span>}
    </>
  );
}
