/// What an operator names and labels on a secret or config: Docker's `Spec{Name, Labels}`.
public struct DataObjectSpec: Hashable, Sendable, Codable {
    public var name: String
    public var labels: Labels

    public init(name: String, labels: Labels = [:]) {
        self.name = name
        self.labels = labels
    }
}
