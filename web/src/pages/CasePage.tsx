import { useRef, useState } from 'react';
import { api, type Me } from '../api.js';
import { useArrivalNotice } from '../arrivalNotice.js';
import { AddToCase } from '../components/case/AddToCase.js';
import { CaseDetails } from '../components/case/CaseDetails.js';
import { SharingConsents } from '../components/case/SharingConsents.js';
import { SpecialCategoryPanel } from '../components/case/SpecialCategoryPanel.js';
import { StatusActions } from '../components/case/StatusActions.js';
import { Timeline } from '../components/case/Timeline.js';
import { CaseBadges } from '../components/CaseBadges.js';
import { CaseDrafts } from '../components/correspondence/CaseDrafts.js';
import { CaseEmails } from '../components/correspondence/CaseEmails.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { RecordGate } from '../components/RecordGate.js';
import { useApiData } from '../useApiData.js';

/** What a change to the case means for the page: announce it, and load the case and its timeline again. */
export type CaseChanged = (message: string) => void;

export function CasePage({ caseId, me }: { caseId: string; me: Me }) {
  const canWrite = me.permissions.includes('cases:write');
  // Bumped after every change: the case and its timeline are loaded again (the server decides what changed).
  const [version, setVersion] = useState(0);
  // A page that sent the user here may have said what it did ("Case opened from the message").
  const [notice, setNotice] = useArrivalNotice();
  const detail = useApiData(`case:${caseId}:${version}`, (signal) => api.caseDetail(caseId, signal));
  const timeline = useApiData(`timeline:${caseId}:${version}`, (signal) => api.timeline(caseId, signal));
  const staff = useApiData(canWrite ? 'staff' : 'no-staff', (signal) => (canWrite ? api.staff(signal) : Promise.resolve({ staff: [] })));
  const statusHeading = useRef<HTMLHeadingElement>(null);

  const changed: CaseChanged = (message) => {
    setNotice(message);
    setVersion((n) => n + 1);
  };

  return (
    <RecordGate result={detail} noun="case" back={{ href: '/cases', label: 'Go to the list of cases' }}>
      {(data) => (
        <Page
          title={`Case ${data.reference}`}
          lead={
            <>
              {data.summary} <CaseBadges sensitive={data.sensitive} specialCategory={data.specialCategory.found.length > 0} />
            </>
          }
        >
          {detail.state === 'failed' && <ErrorAlert error={detail.error} title="The case could not be brought up to date." />}
          {/* Always in the page, so that what goes into it is announced. */}
          <div role="status" className="notice-slot">
            {notice && <p className="alert alert-info">{notice}</p>}
          </div>
          <div className="case-layout">
            <div className="case-side">
              <CaseDetails detail={data} editing={canWrite ? { staff: staff.data?.staff ?? [], onChanged: changed } : undefined} />
              {(data.specialCategory.found.length > 0 || data.specialCategory.condition !== null) && (
                <SpecialCategoryPanel caseId={caseId} specialCategory={data.specialCategory} canWrite={canWrite && data.status !== 'closed'} onChanged={changed} />
              )}
              {canWrite && <StatusActions detail={data} headingRef={statusHeading} onChanged={changed} />}
              <SharingConsents detail={data} canWrite={canWrite} onChanged={changed} />
            </div>
            <div className="case-main">
              {canWrite && <AddToCase detail={data} staff={staff.data?.staff ?? []} myId={me.user.id} onChanged={changed} />}
              <CaseDrafts detail={data} version={version} canWrite={canWrite} onChanged={changed} />
              <CaseEmails caseId={caseId} version={version} />
              <Timeline caseId={caseId} result={timeline} canWrite={canWrite} onChanged={changed} />
            </div>
          </div>
        </Page>
      )}
    </RecordGate>
  );
}
