{{/*
Shared naming, labels and environment of the Shoal chart.

Template rule (checked by test/helm/chart-values.spec.ts): values are read only as full
`.Values.a.b.c` paths (or `$.Values...`, `$root.Values...`), never through a variable bound to a
values sub-tree, `index`/`get` on .Values, or a field of a `range` item. Inside
`with .Values.x` the templates only use `.` whole (toYaml .). That keeps every values path visible to
a plain-text scan, so the tests can prove each one exists in values.yaml and values.schema.json.
Helpers take the root context `.`, or `(list $ "component")` when they need a component name.
*/}}

{{- define "shoal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped name; the release name alone when it already contains the chart name. */}}
{{- define "shoal.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Name of a component's objects: (list $ "shard") -> "<fullname>-shard". 52 characters at most, so
that StatefulSet pod labels (name + "-" + 10-character revision hash) stay within 63.
*/}}
{{- define "shoal.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "shoal.fullname" $root) (index . 1) | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "shoal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of a component: (list $ "coordinator"). Never change them: selectors are immutable. */}}
{{- define "shoal.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "shoal.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Labels of every object of a component: (list $ "coordinator"). */}}
{{- define "shoal.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ include "shoal.chart" $root }}
{{ include "shoal.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: shoal
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
{{- end -}}

{{- define "shoal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "shoal.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* "registry/" when global.imageRegistry is set, else nothing. */}}
{{- define "shoal.imageRegistryPrefix" -}}
{{- with .Values.global.imageRegistry -}}
{{- printf "%s/" (trimSuffix "/" .) -}}
{{- end -}}
{{- end -}}

{{/* The chart's own Secret (cluster token, API keys, external Redis URL and S3 credentials). */}}
{{- define "shoal.secretName" -}}
{{- include "shoal.fullname" . -}}
{{- end -}}

{{/* The Secret holding cluster-token and the API keys: auth.existingSecret or the chart's. */}}
{{- define "shoal.authSecretName" -}}
{{- default (include "shoal.secretName" .) .Values.auth.existingSecret -}}
{{- end -}}

{{/* Full name the Bitnami Redis subchart gives its objects (its common.names.fullname). */}}
{{- define "shoal.redis.fullname" -}}
{{- if .Values.redis.fullnameOverride -}}
{{- .Values.redis.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default "redis" .Values.redis.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Full name the Bitnami MinIO subchart gives its objects. */}}
{{- define "shoal.minio.fullname" -}}
{{- if .Values.minio.fullnameOverride -}}
{{- .Values.minio.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default "minio" .Values.minio.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* S3_ENDPOINT: the MinIO subchart's Service, or externalS3.endpoint. */}}
{{- define "shoal.s3Endpoint" -}}
{{- if .Values.minio.enabled -}}
{{- printf "http://%s:%v" (include "shoal.minio.fullname" .) .Values.minio.service.ports.api -}}
{{- else -}}
{{- required "externalS3.endpoint is required when minio.enabled is false" .Values.externalS3.endpoint -}}
{{- end -}}
{{- end -}}

{{/*
Pod annotations that change whenever the configuration does, so a `helm upgrade` rolls the pods.
The secret checksum hashes the values the Secrets are made of rather than the rendered Secret: a
generated cluster token is random on every render and would otherwise roll the pods on each upgrade.
Secrets you manage yourself (existingSecret) are not seen here: restart the pods after rotating them.
*/}}
{{- define "shoal.checksumAnnotations" -}}
checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secret: {{ toJson (list .Values.auth .Values.externalS3 .Values.externalRedis .Values.redis.auth .Values.minio.auth) | sha256sum }}
{{- end -}}

{{/*
Environment from Secrets that every component needs: REDIS_URL, S3_ACCESS_KEY and S3_SECRET_KEY.
REDIS_PASSWORD only feeds REDIS_URL through Kubernetes' $(VAR) expansion, which
needs it declared first.
*/}}
{{- define "shoal.secretEnv" -}}
{{- if .Values.redis.enabled }}
{{- if .Values.redis.auth.enabled }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ default (include "shoal.redis.fullname" .) .Values.redis.auth.existingSecret }}
      key: {{ default "redis-password" .Values.redis.auth.existingSecretPasswordKey }}
- name: REDIS_URL
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s-master:%v" (include "shoal.redis.fullname" .) .Values.redis.master.service.ports.redis | quote }}
{{- else }}
- name: REDIS_URL
  value: {{ printf "redis://%s-master:%v" (include "shoal.redis.fullname" .) .Values.redis.master.service.ports.redis | quote }}
{{- end }}
{{- else }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      {{- if .Values.externalRedis.existingSecret }}
      name: {{ .Values.externalRedis.existingSecret }}
      key: {{ .Values.externalRedis.existingSecretUrlKey }}
      {{- else }}
      name: {{ include "shoal.secretName" . }}
      key: redis-url
      {{- end }}
{{- end }}
{{- if .Values.minio.enabled }}
- name: S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ default (include "shoal.minio.fullname" .) .Values.minio.auth.existingSecret }}
      key: root-user
- name: S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ default (include "shoal.minio.fullname" .) .Values.minio.auth.existingSecret }}
      key: root-password
{{- else }}
- name: S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      {{- if .Values.externalS3.existingSecret }}
      name: {{ .Values.externalS3.existingSecret }}
      key: {{ .Values.externalS3.existingSecretAccessKeyKey }}
      {{- else }}
      name: {{ include "shoal.secretName" . }}
      key: s3-access-key
      {{- end }}
- name: S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      {{- if .Values.externalS3.existingSecret }}
      name: {{ .Values.externalS3.existingSecret }}
      key: {{ .Values.externalS3.existingSecretSecretKeyKey }}
      {{- else }}
      name: {{ include "shoal.secretName" . }}
      key: s3-secret-key
      {{- end }}
{{- end }}
{{- end -}}

{{/*
SHOAL_CLUSTER_TOKEN, the secret coordinators present to shards (the index worker calls no shard and
does not read it).
*/}}
{{- define "shoal.clusterTokenEnv" -}}
- name: SHOAL_CLUSTER_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ include "shoal.authSecretName" . }}
      key: cluster-token
{{- end -}}

{{/* POD_NAME from the downward API; it feeds $(POD_NAME) expansions of later variables. */}}
{{- define "shoal.podEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- end -}}
