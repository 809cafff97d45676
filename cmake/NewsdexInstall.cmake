# `cmake --install`: the four libraries and their headers, the two programs, a CMake package
# (find_package(newsdex CONFIG) → newsdex::searcher, newsdex::indexer, newsdex::feeds,
# newsdex::common) and a pkg-config file (newsdex.pc). The libraries are static, so the package
# also finds what they link (Xapian, ICU, libcurl, pugixml, libxml2, CLD2).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

foreach(component common feeds indexer searcher)
  set_target_properties(newsdex_${component} PROPERTIES EXPORT_NAME ${component})
endforeach()

install(TARGETS newsdex_common newsdex_feeds newsdex_indexer newsdex_searcher
        EXPORT newsdexTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS newsdex-index newsdex-search RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY common/include/ feeds/include/ indexer/include/ searcher/include/
                  ${CMAKE_BINARY_DIR}/common/generated/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(package_dir ${CMAKE_INSTALL_LIBDIR}/cmake/newsdex)
install(EXPORT newsdexTargets NAMESPACE newsdex:: DESTINATION ${package_dir})
configure_package_config_file(cmake/newsdexConfig.cmake.in ${CMAKE_BINARY_DIR}/newsdexConfig.cmake
                              INSTALL_DESTINATION ${package_dir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/newsdexConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/newsdexConfig.cmake ${CMAKE_BINARY_DIR}/newsdexConfigVersion.cmake
        DESTINATION ${package_dir})

file(RELATIVE_PATH NEWSDEX_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
configure_file(cmake/newsdex.pc.in ${CMAKE_BINARY_DIR}/newsdex.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/newsdex.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
