import RaftTypes

extension Raft {
    mutating func tickAsFollower() {
        electionElapsed += 1
        if role == .preCandidate, electionElapsed < randomizedElectionTimeout, electionElapsed % configuration.heartbeatTicks == 0 {
            // A member that refused because it heard from the leader a moment ago (the lease)
            // grants once its lease runs out, a tick or two later when the leader is gone: ask
            // again every heartbeat rather than a whole election timeout later. Pre-votes change
            // no term or vote.
            votes = [id: true]
            requestVotes(isPreVote: true)
            return
        }
        // The only voter has no one to wait for or to disrupt: it campaigns on its first tick (a
        // restarted or restored one-manager swarm serves again in one tick, not an election timeout).
        guard electionElapsed >= randomizedElectionTimeout || isSoleVoter, isVoter else { return }
        electionElapsed = 0
        startElection()
    }

    mutating func tickAsLeader() {
        heartbeatElapsed += 1
        electionElapsed += 1
        if electionElapsed >= configuration.electionTicks.lowerBound {
            electionElapsed = 0
            // A transfer that has not happened within an election timeout is abandoned.
            transferee = nil
            if configuration.checksQuorum, !hasActiveQuorum() {
                becomeFollower(term: term, leader: nil)
                return
            }
        }
        if heartbeatElapsed >= configuration.heartbeatTicks {
            heartbeatElapsed = 0
            sendHeartbeats(readRound: reads.round)
        }
    }

    /// Whether a majority (this member included) answered since the last check; starts the next
    /// period of checking.
    private mutating func hasActiveQuorum() -> Bool {
        var active = isVoter ? 1 : 0
        for member in otherMembers {
            if membership.voters.contains(member), progress[member]?.isRecentlyActive == true { active += 1 }
            progress[member]?.isRecentlyActive = false
        }
        return active >= quorum
    }

    /// Campaigns: first for pre-votes when configured, else straight for votes.
    mutating func startElection() {
        if configuration.usesPreVote {
            role = .preCandidate
            leader = nil
            votes = [id: true]
            requestVotes(isPreVote: true)
        } else {
            becomeCandidate()
        }
    }

    /// The leader handed over to this member: campaign now, for votes only (no pre-vote), and
    /// ask members that just heard from the leader to vote anyway.
    mutating func campaignForTransfer() {
        guard isVoter else { return }
        becomeCandidate(isLeaderTransfer: true)
    }

    private mutating func becomeCandidate(isLeaderTransfer: Bool = false) {
        term = Term(term.rawValue + 1)
        vote = id
        role = .candidate
        leader = nil
        votes = [id: true]
        resetTimers()
        requestVotes(isPreVote: false, isLeaderTransfer: isLeaderTransfer)
    }

    private mutating func requestVotes(isPreVote: Bool, isLeaderTransfer: Bool = false) {
        if votes.values.filter({ $0 }).count >= quorum {
            // A single-member group wins at once.
            isPreVote ? becomeCandidate() : becomeLeader()
            return
        }
        let (lastIndex, lastTerm) = (log.lastIndex, log.lastTerm)
        for member in otherVoters {
            if isPreVote {
                send(.preVote(lastIndex: lastIndex, lastTerm: lastTerm), to: member, term: Term(term.rawValue + 1))
            } else {
                send(.vote(lastIndex: lastIndex, lastTerm: lastTerm, isLeaderTransfer: isLeaderTransfer), to: member)
            }
        }
    }

    mutating func answerVoteRequest(_ message: RaftMessage, lastIndex: LogIndex, lastTerm: Term, isPreVote: Bool) {
        let isFreeToVote = vote == message.from || (vote == nil && leader == nil) || (isPreVote && message.term > term)
        guard isFreeToVote, log.isUpToDate(lastIndex: lastIndex, lastTerm: lastTerm) else {
            send(isPreVote ? .preVoteResponse(granted: false) : .voteResponse(granted: false), to: message.from)
            return
        }
        if isPreVote {
            send(.preVoteResponse(granted: true), to: message.from, term: message.term)
            // Two members asking for pre-votes at once would both campaign and split the vote
            // (another election timeout lost): the one with the lower id steps back instead.
            // Pre-votes change no term or vote, so this touches liveness only.
            if role == .preCandidate, message.from.rawValue > id.rawValue { becomeFollower(term: term, leader: nil) }
        } else {
            vote = message.from
            electionElapsed = 0
            send(.voteResponse(granted: true), to: message.from)
        }
    }

    mutating func countVote(from member: RaftMemberID, granted: Bool) {
        guard isVoter, membership.voters.contains(member) else { return }
        votes[member] = votes[member] ?? granted
        let grants = votes.values.filter { $0 }.count
        if grants >= quorum {
            role == .preCandidate ? becomeCandidate() : becomeLeader()
        } else if votes.count - grants >= quorum {
            becomeFollower(term: term, leader: nil)
        }
    }
}
