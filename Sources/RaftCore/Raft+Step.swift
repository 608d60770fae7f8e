import RaftTypes

extension Raft {
    /// Handles a message from another member.
    public mutating func step(_ message: RaftMessage) {
        guard message.to == id, message.from != id else { return }
        guard admitTerm(of: message) else { return }
        switch message.body {
        case .preVote(let lastIndex, let lastTerm):
            answerVoteRequest(message, lastIndex: lastIndex, lastTerm: lastTerm, isPreVote: true)
        case .vote(let lastIndex, let lastTerm, _):
            answerVoteRequest(message, lastIndex: lastIndex, lastTerm: lastTerm, isPreVote: false)
        case .preVoteResponse(let granted):
            // A grant counts only for the term this member is asking about now, not an earlier round.
            guard role == .preCandidate, !granted || message.term == Term(term.rawValue + 1) else { return }
            countVote(from: message.from, granted: granted)
        case .voteResponse(let granted):
            if role == .candidate { countVote(from: message.from, granted: granted) }
        case .append(let previousIndex, let previousTerm, let entries, let commit):
            followLeader(message.from)
            handleAppend(from: message.from, previousIndex: previousIndex, previousTerm: previousTerm, entries: entries, commit: commit)
        case .heartbeat(let commit, let readRound):
            followLeader(message.from)
            log.commit(to: min(commit, log.lastIndex))
            send(.heartbeatResponse(readRound: readRound), to: message.from)
        case .appendResponse(let accepted, let index, let hintIndex, let hintTerm):
            guard role == .leader else { return }
            handleAppendResponse(from: message.from, accepted: accepted, index: index, hintIndex: hintIndex, hintTerm: hintTerm)
        case .heartbeatResponse(let readRound):
            guard role == .leader else { return }
            handleHeartbeatResponse(from: message.from)
            readRoundAnswered(by: message.from, round: readRound)
        case .forwardedProposals(let proposals):
            // Dropped unless this member leads and is not handing over: the proposer retries.
            guard role == .leader, transferee == nil,
                admitsUncommitted(proposals.reduce(0) { $0 + $1.count })
            else { return }
            appendAsLeader(proposals)
        case .readIndexRequest(let context):
            guard role == .leader else { return }
            startRead(context: context, asker: message.from)
        case .readIndexResponse(let context, let index):
            readStates.append(RaftReadState(context: context, index: index))
        case .timeoutNow:
            guard role != .leader else { return }
            campaignForTransfer()
        case .snapshot(let metadata):
            followLeader(message.from)
            handleSnapshot(from: message.from, metadata)
        }
    }

    /// Applies Raft's term rules; returns whether the message should be handled further.
    private mutating func admitTerm(of message: RaftMessage) -> Bool {
        if message.term > term {
            switch message.body {
            case .preVote, .vote:
                // A follower that heard from a live leader within the minimum election timeout
                // ignores campaigns (check-quorum's lease): a member that was cut off cannot
                // depose a healthy leader. An election the leader asked for is the exception.
                let isLeaderTransfer = if case .vote(_, _, true) = message.body { true } else { false }
                if configuration.checksQuorum, !isLeaderTransfer, leader != nil,
                    electionElapsed < configuration.electionTicks.lowerBound
                {
                    return false
                }
                if case .vote = message.body { becomeFollower(term: message.term, leader: nil) }
                // A pre-vote never changes a term.
                return true
            case .preVoteResponse(granted: true):
                // Granted pre-votes carry the term the candidate asked about.
                return true
            case .append, .heartbeat, .snapshot:
                becomeFollower(term: message.term, leader: message.from)
                return true
            case .preVoteResponse, .voteResponse, .appendResponse, .heartbeatResponse, .forwardedProposals,
                .readIndexRequest, .readIndexResponse, .timeoutNow:
                becomeFollower(term: message.term, leader: nil)
                return true
            }
        }
        if message.term < term {
            switch message.body {
            case .append, .heartbeat, .snapshot:
                // A deposed leader cut off for a while: tell it the current term so it steps
                // down (with pre-vote, its followers would otherwise never raise theirs).
                guard configuration.checksQuorum || configuration.usesPreVote else { break }
                send(.appendResponse(accepted: false, index: .zero, hintIndex: .zero, hintTerm: .zero), to: message.from)
            case .preVote:
                send(.preVoteResponse(granted: false), to: message.from)
            default:
                break
            }
            return false
        }
        return true
    }

    /// A message from the leader of the current term.
    private mutating func followLeader(_ member: RaftMemberID) {
        // Two leaders in one term would break election safety: never carry on past it.
        precondition(role != .leader, "Raft: member \(member) leads term \(term), which member \(id) leads")
        if role != .follower {
            becomeFollower(term: term, leader: member)
        }
        leader = member
        electionElapsed = 0
    }
}
