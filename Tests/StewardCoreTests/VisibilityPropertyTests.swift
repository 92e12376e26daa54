import StewardCore
import StewardTesting
import Testing

@Suite("visibility against a reference model")
struct VisibilityPropertyTests {
    /// Reference: walk up from the target; a partner actor seeing itself among the ancestors sees an outline.
    static func reference(target: Int, parents: [Int: Int], kinds: [Int: OrgKind], actorOrg: Int, actorIsOperator: Bool) -> OrgVisibility {
        if actorIsOperator || target == actorOrg { return .full }
        var current = parents[target]
        while let parent = current {
            if parent == actorOrg { return kinds[actorOrg] == .partner ? .outline : .none }
            current = parents[parent]
        }
        return .none
    }

    @Test("random trees and actors agree with the reference", arguments: 0..<40)
    func randomTrees(seed: Int) {
        var random = SeededGenerator(state: UInt64(seed))
        let count = Int.random(in: 2...30, using: &random)
        var parents: [Int: Int] = [:]
        var kinds: [Int: OrgKind] = [0: .vendor]
        for org in 1..<count {
            kinds[org] = Bool.random(using: &random) ? .partner : .customer
            // Parents are earlier partners only, as the org rules require.
            let candidates = (1..<org).filter { kinds[$0] == .partner }
            if let parent = candidates.randomElement(using: &random), Bool.random(using: &random) { parents[org] = parent }
        }
        func ancestors(_ org: Int) -> [OrgID] {
            var result: [OrgID] = []
            var current = parents[org]
            while let parent = current { result.append(OrgID("o\(parent)")); current = parents[parent] }
            return result
        }
        for actorOrg in 0..<count {
            for role in HomeRole.allCases {
                let actor = Actor(userID: UserID("u"), orgID: OrgID("o\(actorOrg)"), orgKind: kinds[actorOrg]!, role: role)
                for target in 0..<count {
                    let expected = Self.reference(target: target, parents: parents, kinds: kinds, actorOrg: actorOrg, actorIsOperator: actor.isOperator)
                    #expect(OrgPolicy.visibility(of: OrgID("o\(target)"), ancestors: ancestors(target), to: actor) == expected,
                            "seed \(seed) actor o\(actorOrg) \(role) target o\(target)")
                }
            }
        }
    }
}
