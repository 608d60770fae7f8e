public import RaftTypes

/// A message between members. `term` is the sender's term, except in pre-votes, which carry the
/// term the sender would campaign in, and in granted pre-vote answers, which echo it.
public struct RaftMessage: Hashable, Sendable {
    /// What the message says.
    public enum Body: Hashable, Sendable {
        /// "Would you vote for me?": asked before campaigning, changes no term.
        case preVote(lastIndex: LogIndex, lastTerm: Term)
        /// The answer to a pre-vote; a grant carries the term asked about.
        case preVoteResponse(granted: Bool)
        /// "Vote for me in `term`." `isLeaderTransfer`: the leader asked for this election, so a
        /// member that just heard from it votes anyway.
        case vote(lastIndex: LogIndex, lastTerm: Term, isLeaderTransfer: Bool)
        /// The answer to a vote request.
        case voteResponse(granted: Bool)
        /// Entries following the one at `previousIndex` (whose term is `previousTerm`), and the
        /// leader's commit index.
        case append(previousIndex: LogIndex, previousTerm: Term, entries: [LogEntry], commit: LogIndex)
        /// Accepted: the follower's log matches the leader's up to `index`. Rejected: no match at
        /// `index`; the follower's last entry at or before it with a term at most the leader's
        /// previous term is at `hintIndex` with `hintTerm`, where the leader probes next.
        case appendResponse(accepted: Bool, index: LogIndex, hintIndex: LogIndex, hintTerm: Term)
        /// "I am still the leader"; carries the commit index the follower may safely adopt, and
        /// the read-index round it confirms, if any (echoed in the response).
        case heartbeat(commit: LogIndex, readRound: UInt64)
        /// The answer to a heartbeat, echoing its read round.
        case heartbeatResponse(readRound: UInt64)
        /// A follower's proposals, for the leader to append.
        case forwardedProposals([[UInt8]])
        /// A follower asks the leader for a read index on behalf of a reader (`context`).
        case readIndexRequest(context: [UInt8])
        /// The leader's answer: reads are linearizable once the asker applied through `index`.
        case readIndexResponse(context: [UInt8], index: LogIndex)
        /// The leader hands over: campaign now, without waiting for a timeout.
        case timeoutNow
        /// The leader's log no longer holds the entries the follower needs: install the snapshot
        /// described here (its data travels beside the message, streamed by the node). Answered
        /// with an `appendResponse` accepting `metadata.index`.
        case snapshot(RaftSnapshotMetadata)
    }

    /// The sender.
    public var from: RaftMemberID
    /// The addressee.
    public var to: RaftMemberID
    /// The sender's term (see the type's comment for pre-votes).
    public var term: Term
    /// What the message says.
    public var body: Body

    public init(from: RaftMemberID, to: RaftMemberID, term: Term, body: Body) {
        self.from = from
        self.to = to
        self.term = term
        self.body = body
    }
}
