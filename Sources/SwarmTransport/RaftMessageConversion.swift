import Foundation
import RaftCore
import RaftTypes

/// `RaftMessage` to and from its protobuf form (`raft.proto`, flat like etcd's raftpb).
extension Swarmd_Raft_V1_Message {
    init(_ message: RaftMessage) {
        self.init()
        from = message.from.rawValue
        to = message.to.rawValue
        term = message.term.rawValue
        switch message.body {
        case .preVote(let lastIndex, let lastTerm):
            type = .preVote
            index = lastIndex.rawValue
            logTerm = lastTerm.rawValue
        case .preVoteResponse(let granted):
            type = .preVoteResponse
            self.granted = granted
        case .vote(let lastIndex, let lastTerm, let isLeaderTransfer):
            type = .vote
            index = lastIndex.rawValue
            logTerm = lastTerm.rawValue
            leaderTransfer = isLeaderTransfer
        case .voteResponse(let granted):
            type = .voteResponse
            self.granted = granted
        case .append(let previousIndex, let previousTerm, let entries, let commit):
            type = .append
            index = previousIndex.rawValue
            logTerm = previousTerm.rawValue
            self.entries = entries.map(Swarmd_Raft_V1_Entry.init)
            self.commit = commit.rawValue
        case .appendResponse(let accepted, let index, let hintIndex, let hintTerm):
            type = .appendResponse
            granted = accepted
            self.index = index.rawValue
            self.hintIndex = hintIndex.rawValue
            self.hintTerm = hintTerm.rawValue
        case .heartbeat(let commit, let readRound):
            type = .heartbeat
            self.commit = commit.rawValue
            self.readRound = readRound
        case .heartbeatResponse(let readRound):
            type = .heartbeatResponse
            self.readRound = readRound
        case .forwardedProposals(let proposals):
            type = .forwardedProposals
            self.proposals = proposals.map { Data($0) }
        case .readIndexRequest(let context):
            type = .readIndexRequest
            self.context = Data(context)
        case .readIndexResponse(let context, let index):
            type = .readIndexResponse
            self.context = Data(context)
            self.index = index.rawValue
        case .timeoutNow:
            type = .timeoutNow
        case .snapshot(let metadata):
            type = .snapshot
            snapshot = Swarmd_Raft_V1_SnapshotMetadata(metadata)
        }
    }

    /// The Raft message this describes.
    ///
    /// - Throws: `.malformedMessage` naming the field that is wrong.
    func raftMessage() throws(RaftTransportError) -> RaftMessage {
        guard from != 0 else { throw .malformedMessage(field: "from") }
        guard to != 0 else { throw .malformedMessage(field: "to") }
        let body: RaftMessage.Body
        switch type {
        case .preVote:
            body = .preVote(lastIndex: LogIndex(index), lastTerm: Term(logTerm))
        case .preVoteResponse:
            body = .preVoteResponse(granted: granted)
        case .vote:
            body = .vote(lastIndex: LogIndex(index), lastTerm: Term(logTerm), isLeaderTransfer: leaderTransfer)
        case .voteResponse:
            body = .voteResponse(granted: granted)
        case .append:
            body = .append(
                previousIndex: LogIndex(index), previousTerm: Term(logTerm), entries: try entries.map { (entry) throws(RaftTransportError) in try entry.logEntry() },
                commit: LogIndex(commit)
            )
        case .appendResponse:
            body = .appendResponse(accepted: granted, index: LogIndex(index), hintIndex: LogIndex(hintIndex), hintTerm: Term(hintTerm))
        case .heartbeat:
            body = .heartbeat(commit: LogIndex(commit), readRound: readRound)
        case .heartbeatResponse:
            body = .heartbeatResponse(readRound: readRound)
        case .forwardedProposals:
            body = .forwardedProposals(proposals.map { [UInt8]($0) })
        case .readIndexRequest:
            body = .readIndexRequest(context: [UInt8](context))
        case .readIndexResponse:
            body = .readIndexResponse(context: [UInt8](context), index: LogIndex(index))
        case .timeoutNow:
            body = .timeoutNow
        case .snapshot:
            guard hasSnapshot else { throw .malformedMessage(field: "snapshot") }
            body = .snapshot(try snapshot.raftSnapshotMetadata())
        case .unspecified, .UNRECOGNIZED:
            throw .malformedMessage(field: "type")
        }
        return RaftMessage(from: RaftMemberID(from), to: RaftMemberID(to), term: Term(term), body: body)
    }
}

extension Swarmd_Raft_V1_Entry {
    init(_ entry: LogEntry) {
        self.init()
        index = entry.index.rawValue
        term = entry.term.rawValue
        kind = UInt32(entry.kind.rawValue)
        data = Data(entry.data)
    }

    func logEntry() throws(RaftTransportError) -> LogEntry {
        guard kind <= UInt8.max, let kind = LogEntry.Kind(rawValue: UInt8(kind)) else { throw .malformedMessage(field: "entries.kind") }
        return LogEntry(index: LogIndex(index), term: Term(term), kind: kind, data: [UInt8](data))
    }
}

extension Swarmd_Raft_V1_SnapshotMetadata {
    init(_ metadata: RaftSnapshotMetadata) {
        self.init()
        index = metadata.index.rawValue
        term = metadata.term.rawValue
        membership.voters = metadata.membership.voters.map(\.rawValue).sorted()
        membership.learners = metadata.membership.learners.map(\.rawValue).sorted()
    }

    func raftSnapshotMetadata() throws(RaftTransportError) -> RaftSnapshotMetadata {
        let voters = Set(membership.voters), learners = Set(membership.learners)
        guard !voters.isEmpty, !voters.contains(0), !learners.contains(0), voters.isDisjoint(with: learners) else {
            throw .malformedMessage(field: "snapshot.membership")
        }
        return RaftSnapshotMetadata(
            index: LogIndex(index), term: Term(term),
            membership: RaftMembership(voters: Set(voters.map { RaftMemberID($0) }), learners: Set(learners.map { RaftMemberID($0) }))
        )
    }
}
