package io.ringvault.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BearerTokenFilterTest {
    private static final String TOKEN = "a-token-of-enough-length";
    private final BearerTokenFilter filter = new BearerTokenFilter(TOKEN);

    @Test
    void shouldLetTheRightTokenThrough() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = call("Bearer " + TOKEN, chain);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void shouldAnswer401WithoutABearerToken() throws Exception {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic " + TOKEN, TOKEN}) {
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletResponse response = call(header, chain);

            assertThat(response.getStatus()).as(header).isEqualTo(401);
            assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains("missing-token").doesNotContain(TOKEN);
            assertThat(chain.getRequest()).isNull();
        }
    }

    @Test
    void shouldAnswer403ToAWrongToken() throws Exception {
        for (String wrong : new String[] {"x", TOKEN + "x", TOKEN.substring(1), TOKEN.toUpperCase()}) {
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletResponse response = call("Bearer " + wrong, chain);

            assertThat(response.getStatus()).as(wrong).isEqualTo(403);
            assertThat(response.getContentAsString())
                    .contains("wrong-token")
                    .doesNotContain(wrong)
                    .doesNotContain(TOKEN);
            assertThat(chain.getRequest()).isNull();
        }
    }

    @Test
    void shouldAcceptTheSchemeInAnyCase() throws Exception {
        assertThat(call("bearer " + TOKEN, new MockFilterChain()).getStatus()).isEqualTo(200);
    }

    private MockHttpServletResponse call(String authorization, MockFilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/snapshots/b/files/0/k/t/f");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }
}
