package io.hwoffload.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.hwoffload.operator.install.InstallBundle;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API server checks at admission comes from the CRDs the build generates from the Java records. */
class GeneratedCrdTest {
    private final List<CustomResourceDefinition> crds = InstallBundle.crds();

    @Test
    void bothKindsAreClusterScopedWithAStatusSubresource() {
        assertThat(crds).extracting(c -> c.getSpec().getNames().getKind() + " " + c.getSpec().getScope())
                .containsExactly("OffloadPolicy Cluster", "OffloadNodeState Cluster");
        assertThat(crds).allSatisfy(c -> assertThat(version(c).getSubresources().getStatus()).isNotNull());
        assertThat(version(crds.get(0)).getAdditionalPrinterColumns()).extracting(c -> c.getName())
                .contains("Accepted", "Matched", "Ready");
    }

    @Test
    void thePolicySchemaRejectsMalformedFieldsAtAdmission() {
        JSONSchemaProps spec = version(crds.get(0)).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getRequired()).containsExactly("nicSelector");
        assertThat(spec.getProperties().get("nicSelector").getProperties().get("vendor").getPattern()).isEqualTo("^[0-9a-fA-F]{4}$");
        assertThat(spec.getProperties().get("eswitchMode").getPattern()).isEqualTo("^(legacy|switchdev)$");
        JSONSchemaProps pool = spec.getProperties().get("resourcePools").getItems().getSchema();
        assertThat(pool.getRequired()).containsExactlyInAnyOrder("resourcePrefix", "resourceName", "vfRange");
        assertThat(pool.getProperties().get("vfRange").getPattern()).isEqualTo("^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$");
        assertThat(spec.getProperties().get("cni").getProperties().get("type").getPattern())
                .isEqualTo("^(kube-ovn|antrea|ovn-kubernetes)$");
        assertThat(spec.getProperties().get("numVfs").getMaximum()).isEqualTo(65535.0);
    }

    @Test
    void conditionsAreListMapsKeyedByType() {
        assertThat(crds).allSatisfy(crd -> {
            JSONSchemaProps conditions = version(crd).getSchema().getOpenAPIV3Schema().getProperties().get("status")
                    .getProperties().get("conditions");
            assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
            assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
            assertThat(conditions.getItems().getSchema().getRequired()).contains("type");
        });
    }

    private static CustomResourceDefinitionVersion version(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().get(0);
    }
}
