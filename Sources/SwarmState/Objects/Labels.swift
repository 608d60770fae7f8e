/// User-defined key/value metadata on a spec, as Docker's `Labels`.
public typealias Labels = [String: String]
