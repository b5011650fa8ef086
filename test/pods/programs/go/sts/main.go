// Command sts is the security token service of the token-exchange pod test: an RFC 8693
// token endpoint that the auth proxy (thv proxy --token-exchange-url) calls, and an OpenID
// issuer (discovery and JWKS) that the test's kube-apiserver trusts through its
// AuthenticationConfiguration. No STS that runs without a login page or a database is
// served by the module proxy, npm or PyPI (Keycloak, Entra and Okta are not), so this one
// does what they do for an exchange, and no more:
//   - the client authenticates with HTTP Basic (RFC 6749 2.3.1, form-urlencoded id and secret);
//   - the subject token must be a JWT signed RS256 by the user's identity provider (its
//     key is read from --subject-key, which mockoidc writes), from --subject-issuer, for
//     --subject-audience, and not expired;
//   - the requested audience must be --audience;
//   - it answers with an access token it signs itself: its own issuer, the subject's sub,
//     the requested audience, and at most the subject token's lifetime.
//
// Errors are RFC 6749 5.2 JSON. It prints its settings as one JSON line and runs until SIGTERM.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	grantTokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
	tokenTypeAccess    = "urn:ietf:params:oauth:token-type:access_token"
	keyID              = "sts-test-key"
)

type settings struct {
	issuer, clientID, clientSecret, audience, subjectIssuer, subjectAudience string
	subjectKey                                                                *rsa.PublicKey
	key                                                                       *rsa.PrivateKey
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	issuer := flag.String("issuer", "", "its own issuer URL (https://<listen>)")
	tlsCert := flag.String("tls-cert", "", "serve HTTPS with this certificate (PEM)")
	tlsKey := flag.String("tls-key", "", "and this key")
	clientID := flag.String("client-id", "", "the one client allowed to exchange")
	clientSecret := flag.String("client-secret", "", "that client's secret")
	audience := flag.String("audience", "", "the one audience it issues tokens for")
	subjectIssuer := flag.String("subject-issuer", "", "the issuer subject tokens must come from")
	subjectAudience := flag.String("subject-audience", "", "the audience subject tokens must carry")
	subjectKey := flag.String("subject-key", "", "the subject issuer's signing key (PEM, PKCS#1 private key; its public part is used)")
	flag.Parse()

	pemBytes, err := os.ReadFile(*subjectKey)
	fail(err)
	block, _ := pem.Decode(pemBytes)
	if block == nil {
		fail(errors.New("--subject-key holds no PEM block"))
	}
	subjectPrivate, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	fail(err)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	fail(err)
	s := &settings{
		issuer: *issuer, clientID: *clientID, clientSecret: *clientSecret, audience: *audience,
		subjectIssuer: *subjectIssuer, subjectAudience: *subjectAudience, subjectKey: &subjectPrivate.PublicKey, key: key,
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("GET /jwks", s.jwks)
	mux.HandleFunc("POST /token", s.token)
	ln, err := net.Listen("tcp", *listen)
	fail(err)
	pair, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey)
	fail(err)
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		err := server.Serve(tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}))
		if !errors.Is(err, http.ErrServerClosed) {
			fail(err)
		}
	}()
	out, err := json.Marshal(map[string]string{"issuer": s.issuer, "tokenUrl": s.issuer + "/token"})
	fail(err)
	fmt.Println(string(out))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	fail(server.Close())
}

func (s *settings) discovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer": s.issuer, "jwks_uri": s.issuer + "/jwks", "token_endpoint": s.issuer + "/token",
		"grant_types_supported": []string{grantTokenExchange}, "token_endpoint_auth_methods_supported": []string{"client_secret_basic"},
		"response_types_supported": []string{"id_token"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
	})
}

func (s *settings) jwks(w http.ResponseWriter, _ *http.Request) {
	b64 := base64.RawURLEncoding.EncodeToString
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": keyID,
		"n": b64(s.key.N.Bytes()), "e": b64(big.NewInt(int64(s.key.E)).Bytes()),
	}}})
}

func (s *settings) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	}
	if !ok || id != s.clientID || secret != s.clientSecret {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client or wrong secret")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if r.PostForm.Get("grant_type") != grantTokenExchange {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "only token exchange")
		return
	}
	if t := r.PostForm.Get("subject_token_type"); t != tokenTypeAccess {
		oauthError(w, http.StatusBadRequest, "invalid_request", "subject_token_type must be "+tokenTypeAccess)
		return
	}
	if a := r.PostForm.Get("audience"); a != s.audience {
		oauthError(w, http.StatusBadRequest, "invalid_target", fmt.Sprintf("audience %q is not one this service issues for", a))
		return
	}
	subject, err := jwt.Parse(r.PostForm.Get("subject_token"), func(*jwt.Token) (any, error) { return s.subjectKey, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(s.subjectIssuer), jwt.WithAudience(s.subjectAudience), jwt.WithExpirationRequired())
	if err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "subject token: "+err.Error())
		return
	}
	claims := subject.Claims.(jwt.MapClaims)
	sub, err := claims.GetSubject()
	if err != nil || sub == "" {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "subject token has no sub")
		return
	}
	expires, _ := claims.GetExpirationTime()
	now := time.Now()
	exp := now.Add(5 * time.Minute)
	if expires.Before(exp) {
		exp = expires.Time
	}
	issued := jwt.MapClaims{"iss": s.issuer, "sub": sub, "aud": []string{s.audience}, "iat": now.Unix(), "nbf": now.Unix(), "exp": exp.Unix()}
	if scope := strings.Fields(r.PostForm.Get("scope")); len(scope) > 0 {
		issued["scope"] = strings.Join(slices.Compact(scope), " ")
	}
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, issued)
	token.Header["kid"] = keyID
	signed, err := token.SignedString(s.key)
	if err != nil {
		oauthError(w, http.StatusInternalServerError, "server_error", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": signed, "issued_token_type": tokenTypeAccess, "token_type": "Bearer", "expires_in": int(time.Until(exp).Seconds()),
	})
}

func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "sts:", err)
		os.Exit(1)
	}
}
