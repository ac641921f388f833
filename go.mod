module github.com/vwo-conform/vwo-conform

go 1.24

require (
	github.com/google/go-cmp v0.7.0
	github.com/spaolacci/murmur3 v1.1.0
	github.com/stretchr/testify v1.12.1
	gopkg.in/yaml.v3 v3.0.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
