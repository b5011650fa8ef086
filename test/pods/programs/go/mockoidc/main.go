// Command mockoidc runs github.com/oauth2-proxy/mockoidc, a real OpenID provider that
// completes authorization code + PKCE without a login page, for the pod tests' OAuth flows.
// It listens where --listen says (inside a pod's network namespace), over HTTPS with the
// certificate it is given, uses the client id and secret it is given, prints its settings as one JSON line, writes its signing key (PEM) to
// --key-out so tests can mint tokens it would have signed (expired, other audiences), and
// runs until SIGTERM.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/oauth2-proxy/mockoidc"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	clientID := flag.String("client-id", "", "the one client id it accepts")
	clientSecret := flag.String("client-secret", "", "that client's secret")
	keyOut := flag.String("key-out", "", "file to write the signing key to (PEM, PKCS#1)")
	tlsCert := flag.String("tls-cert", "", "serve HTTPS with this certificate (PEM)")
	tlsKey := flag.String("tls-key", "", "and this key")
	flag.Parse()

	// Its token endpoint reads client_id and client_secret from the form only: say so in discovery.
	mockoidc.TokenEndpointAuthMethodsSupported = []string{"client_secret_post"}
	m, err := mockoidc.NewServer(nil)
	fail(err)
	if *clientID != "" {
		m.ClientID = *clientID
	}
	if *clientSecret != "" {
		m.ClientSecret = *clientSecret
	}
	ln, err := net.Listen("tcp", *listen)
	fail(err)
	var tlsConfig *tls.Config
	if *tlsCert != "" {
		pair, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey)
		fail(err)
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
		// Start serves the listener as given; the config only makes its URLs https.
		ln = tls.NewListener(ln, tlsConfig)
	}
	fail(m.Start(ln, tlsConfig))
	if *keyOut != "" {
		der := x509.MarshalPKCS1PrivateKey(m.Keypair.PrivateKey)
		fail(os.WriteFile(*keyOut, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: der}), 0o600))
	}
	settings, err := json.Marshal(map[string]string{
		"issuer": m.Issuer(), "clientId": m.ClientID, "clientSecret": m.ClientSecret, "jwksUrl": m.JWKSEndpoint(), "keyId": m.Keypair.Kid,
	})
	fail(err)
	fmt.Println(string(settings))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	fail(m.Shutdown())
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "mockoidc:", err)
		os.Exit(1)
	}
}
