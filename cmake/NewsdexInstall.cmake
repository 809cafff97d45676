# `cmake --install`: the four libraries and their headers, the two programs, a CMake package
# (find_package(newsdex CONFIG) → newsdex::searcher, newsdex::indexer, newsdex::feeds,
# newsdex::common) and a pkg-config file (newsdex.pc). The libraries are static, so the package
# also finds what they link (Xapian, ICU, libcurl, pugixml, libxml2, CLD2, Snowball's libstemmer).
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

# Man pages, made at build time by help2man from the programs' own --help-all and --version, so
# that they never disagree with the programs.
find_program(NEWSDEX_HELP2MAN help2man)
if(NEWSDEX_HELP2MAN AND NOT NEWSDEX_SANITIZE)  # the sanitizer build is for tests
  set(man_pages)
  foreach(program newsdex-index newsdex-search)
    if(program STREQUAL "newsdex-index")
      set(summary "build and update a newsdex index of news feeds")
    else()
      set(summary "search a newsdex index of news articles")
    endif()
    add_custom_command(
      OUTPUT ${CMAKE_BINARY_DIR}/man/${program}.1
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${NEWSDEX_HELP2MAN} --no-info --help-option=--help-all --name=${summary}
              --include=${CMAKE_SOURCE_DIR}/packaging/man-see-also.h2m
              --output=${CMAKE_BINARY_DIR}/man/${program}.1 $<TARGET_FILE:${program}>
      DEPENDS ${program} ${CMAKE_SOURCE_DIR}/packaging/man-see-also.h2m
      COMMENT "Writing the man page of ${program}")
    list(APPEND man_pages ${CMAKE_BINARY_DIR}/man/${program}.1)
  endforeach()
  add_custom_target(newsdex_man_pages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "help2man not found (scripts/install-deps installs it): no man pages are installed")
endif()

# Shell completion (bash; zsh reads the same file through bashcompinit).
install(FILES packaging/newsdex-completion.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME newsdex-index)
install(FILES packaging/newsdex-completion.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME newsdex-search)
# The crawl's systemd service and timer (README "Crawling on a schedule"), for systemctl to find
# under /usr/local/lib or /usr/lib.
install(FILES packaging/newsdex-crawl.service packaging/newsdex-crawl.timer
        DESTINATION lib/systemd/system)
install(FILES README.md docs/json.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# `cpack -G DEB` in the build folder: a Debian package of everything above, installed under /usr,
# with its library dependencies found by dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME newsdex)
set(CPACK_PACKAGE_VENDOR "newsdex")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search engine for news archives")
set(CPACK_PACKAGE_DESCRIPTION
    "Crawls RSS, Atom and JSON feeds and the articles' pages, tags each article with the countries and topics it is about, and answers ranked queries with exact facets, from a terminal, as JSON, or over HTTP.")
set(CPACK_PACKAGE_CONTACT "newsdex developers <newsdex@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
include(CPack)
