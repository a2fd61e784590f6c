package core

import "maps"

// pathMap is the path records of an Echo's routers: the default router's
// by path alone (one string to hash, the common case), the host routers'
// by host and path.
type pathMap[C any] struct {
	def   map[string]*pathRec[C]
	hosts map[hostPath]*pathRec[C]
}

func (m *pathMap[C]) get(host, path string) *pathRec[C] {
	if host == "" {
		return m.def[path]
	}
	return m.hosts[hostPath{host, path}]
}

func (m *pathMap[C]) set(host, path string, rec *pathRec[C]) {
	if host == "" {
		if m.def == nil {
			m.def = map[string]*pathRec[C]{}
		}
		m.def[path] = rec
		return
	}
	if m.hosts == nil {
		m.hosts = map[hostPath]*pathRec[C]{}
	}
	m.hosts[hostPath{host, path}] = rec
}

func (m *pathMap[C]) len() int { return len(m.def) + len(m.hosts) }

// clone copies the maps, not the records (which are copied on write).
func (m *pathMap[C]) clone() pathMap[C] {
	return pathMap[C]{def: maps.Clone(m.def), hosts: maps.Clone(m.hosts)}
}
