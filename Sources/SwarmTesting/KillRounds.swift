/// How many times a kill -9 test starts and kills its child: at least `minimum` rounds, and more
/// (up to `maximum`) while a loaded machine has let the children make too little progress for
/// the test to mean anything.
public enum KillRounds {
    public static let minimum = 100
    public static let maximum = 400

    /// Every round a test may run; filter them with `wanted(_:enoughProgress:)`.
    public static var all: Range<Int> { 0..<maximum }

    /// Whether to run `round`, given whether the children have done enough so far.
    public static func wanted(_ round: Int, enoughProgress: Bool) -> Bool {
        round < minimum || !enoughProgress
    }
}
