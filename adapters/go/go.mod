module github.com/vwo-conform/vwo-conform/adapters/go

go 1.24

require (
	github.com/vwo-conform/vwo-conform v0.0.0
	github.com/wingify/vwo-go-sdk v1.26.0
)

require (
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/google/uuid v1.1.1 // indirect
	github.com/satori/go.uuid v1.2.0 // indirect
	github.com/spaolacci/murmur3 v1.1.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

replace github.com/vwo-conform/vwo-conform => ../..
