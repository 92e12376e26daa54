import Foundation
import Hummingbird
import StewardCore
import StewardStore

/// `/approve/{token}`: the emailed link. Sign-in required; only an admin of that customer; single use.
/// Opening the link changes nothing (mail scanners follow links): the answer is a form post.
struct ConsoleApprovalRoutes {
    let store: Store
    let pages: PageRenderer
    let relationships: RelationshipService

    func register(on routes: ConsoleRoutes) {
        routes.anyone.get("/approve/{token}", use: show)
        routes.signedIn.post("/approve/{token}", use: answer)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let token = try Self.token(context)
        guard let identity = context.identity else {
            return Response(status: .seeOther, headers: [.location: "/login?next=/approve/\(token)"])
        }
        guard let link = try await store.approvalLink(tokenHash: SecretToken.hash(token)),
              let relationship = try await store.relationship(link.relationshipID),
              RelationshipParty.of(identity.actor, partner: relationship.partnerID, customer: relationship.customerID) == .customerAdmin
        else { return message(identity, "This approval link is not valid", "Check that you are signed in as an administrator of the customer the email was sent for.", .notFound) }
        if link.usedAt != nil {
            return message(identity, "This link has already been used", "The request is now \(relationship.reading(at: store.now).status.rawValue).", .gone)
        }
        let current = relationship.status(at: store.now)
        if link.expiresAt <= store.now || current == .expired {
            return message(identity, "This request has expired", "Nobody answered it within the approval window. Ask the vendor to send a new one if you still want it.", .gone)
        }
        if current != .pending {
            return message(identity, "This request was already answered", "It is now \(current.rawValue).", .conflict)
        }
        let names = try await store.orgs(ids: [relationship.partnerID, relationship.customerID])
        return pages.render(ApprovePage(
            layout: Layout(identity, title: "Approve a managed-service partner"), partner: names[relationship.partnerID]?.name ?? "",
            partnerProgram: names[relationship.partnerID]?.program?.rawValue ?? "", customer: names[relationship.customerID]?.name ?? "",
            expiresAt: ConsoleWords(identity).shown(relationship.approvalExpiresAt, empty: ""), token: token
        ))
    }

    @Sendable func answer(_ request: Request, context: AppContext) async throws -> Response {
        let token = try Self.token(context)
        let identity = try context.requireIdentity()
        let form = try await request.decodeForm(PrivilegeForm.self, context: context)
        let action: RelationshipAction
        switch form.decision {
        case "approve": action = .approve(form.privilege.flatMap(Privilege.init(rawValue:)) ?? .support)
        case "reject": action = .reject
        default: throw ValidationFailure([FieldError("decision", "choose approve or reject")])
        }
        do {
            let relationship = try await relationships.answerThroughLink(token: token, action, by: identity)
            let detail = relationship.status == .active
                ? "The partner now manages your account with \(relationship.privilege?.rawValue ?? "support") privilege. You can change or revoke this under External user settings."
                : "The request was rejected. The partner has been told."
            return message(identity, relationship.status == .active ? "Partner approved" : "Request rejected", detail, .ok)
        } catch let refusal as ApprovalLinkRefusal {
            switch refusal {
            case .unknown: return message(identity, "This approval link is not valid", "Nothing was changed.", .notFound)
            case .used: return message(identity, "This link has already been used", "Nothing was changed.", .gone)
            case .expired: return message(identity, "This request has expired", "Nothing was changed.", .gone)
            }
        } catch RelationshipRefusal.wrongState(let status) {
            return message(identity, "This request was already answered", "It is now \(status.rawValue). Nothing was changed.", .conflict)
        }
    }

    private func message(_ identity: Identity, _ title: String, _ detail: String, _ status: HTTPResponse.Status) -> Response {
        pages.render(MessagePage(layout: Layout(identity, title: title), detail: detail), status: status)
    }

    /// Tokens are base64url; anything else cannot be one of ours.
    static func token(_ context: AppContext) throws -> String {
        guard let token = context.parameters.get("token"), (20...100).contains(token.count),
              token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { throw Refused.approvalLinkInvalid }
        return token
    }
}
