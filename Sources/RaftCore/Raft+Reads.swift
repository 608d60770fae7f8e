import RaftTypes

extension Raft {
    /// A read asked of this leader by `asker` (itself or a follower).
    mutating func startRead(context: [UInt8], asker: RaftMemberID) {
        guard log.term(at: log.committed) == term else {
            reads.early.append((context, asker))
            return
        }
        let round = reads.enqueue(context: context, asker: asker, index: log.committed)
        if quorum == 1 {
            release(reads.answer(from: id, round: round, leader: id, membership: membership))
            return
        }
        sendHeartbeats(readRound: round)
    }

    mutating func readRoundAnswered(by member: RaftMemberID, round: UInt64) {
        release(reads.answer(from: member, round: round, leader: id, membership: membership))
    }

    private mutating func release(_ confirmed: [RaftReadQueue.Read]) {
        for read in confirmed {
            if read.asker == id {
                readStates.append(RaftReadState(context: read.context, index: read.index))
            } else {
                send(.readIndexResponse(context: read.context, index: read.index), to: read.asker)
            }
        }
    }

    /// The leader's commit index moved: tell the followers, and start reads that waited for
    /// the first commit of this term.
    mutating func committedAsLeader() {
        broadcastAppend(sendIfEmpty: true)
        guard !reads.early.isEmpty, log.term(at: log.committed) == term else { return }
        let early = reads.early
        reads.early = []
        for read in early { startRead(context: read.context, asker: read.asker) }
    }
}
