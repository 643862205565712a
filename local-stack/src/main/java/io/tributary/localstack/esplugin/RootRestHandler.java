package io.tributary.localstack.esplugin;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.elasticsearch.Build;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

/** {@code GET /} and {@code HEAD /}: node name, cluster name and uuid, version, tagline. */
public class RootRestHandler extends BaseRestHandler {

    private final Supplier<ClusterService> clusterService;

    public RootRestHandler(Supplier<ClusterService> clusterService) {
        this.clusterService = clusterService;
    }

    @Override
    public String getName() {
        return "tributary_root_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        ClusterService cs = clusterService.get();
        String nodeName = cs == null ? "unknown" : cs.getNodeName();
        String clusterName = cs == null ? "unknown" : cs.getClusterName().value();
        String clusterUuid = cs == null ? "_na_" : cs.state().metadata().clusterUUID();
        boolean head = request.method() == RestRequest.Method.HEAD;
        return channel -> {
            if (head) {
                channel.sendResponse(new RestResponse(RestStatus.OK, RestResponse.TEXT_CONTENT_TYPE,
                        org.elasticsearch.common.bytes.BytesArray.EMPTY));
                return;
            }
            Build build = Build.current();
            XContentBuilder b = channel.newBuilder();
            b.startObject();
            b.field("name", nodeName);
            b.field("cluster_name", clusterName);
            b.field("cluster_uuid", clusterUuid);
            b.startObject("version");
            b.field("number", build.qualifiedVersion());
            b.field("build_flavor", build.flavor());
            b.field("build_type", build.type().displayName());
            b.field("build_hash", build.hash());
            b.field("build_date", build.date());
            b.field("build_snapshot", build.isSnapshot());
            b.field("lucene_version", IndexVersion.current().luceneVersion().toString());
            b.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
            b.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
            b.endObject();
            b.field("tagline", "You Know, for Search");
            b.endObject();
            channel.sendResponse(new RestResponse(RestStatus.OK, b));
        };
    }
}
