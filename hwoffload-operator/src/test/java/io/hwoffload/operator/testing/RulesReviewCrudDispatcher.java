package io.hwoffload.operator.testing;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.List;

/**
 * TEST CODE ONLY: the fabric8 mock API server in CRUD mode stores a SelfSubjectRulesReview as it is sent, with no
 * status; the API server answers it with the caller's rules. This answers with {@code rules} (a Role of the install
 * bundle, say), so that what JOSDK checks before leader election is what the bundle grants. Nothing of it ships.
 */
public final class RulesReviewCrudDispatcher extends KubernetesCrudDispatcher {
    private static final String REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final List<ResourceRule> rules;

    public RulesReviewCrudDispatcher(List<PolicyRule> rules) {
        super(List.of());
        this.rules = rules.stream().map(rule -> new ResourceRuleBuilder().withApiGroups(rule.getApiGroups())
                .withResources(rule.getResources()).withResourceNames(rule.getResourceNames())
                .withVerbs(rule.getVerbs()).build()).toList();
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        if (!request.getPath().startsWith(REVIEWS)) {
            return super.handleCreate(request);
        }
        SelfSubjectRulesReview review = json.unmarshal(request.getBody().readUtf8(), SelfSubjectRulesReview.class);
        review.setStatus(new io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder()
                .withResourceRules(rules).withIncomplete(false).build());
        return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                .setBody(json.asJson(review));
    }
}
